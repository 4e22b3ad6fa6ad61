package org.tegami.auth.oauth;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * After a failed request to an authorization server, no new request before the back-off has passed: a
 * server that is down fails logins closed and is not asked again for every login attempt. Thread-safe.
 */
final class Backoff {

    private final Duration delay;
    private final Clock clock;
    private Instant notBefore = Instant.MIN;

    Backoff(Duration delay, Clock clock) {
        this.delay = delay;
        this.clock = clock;
    }

    synchronized boolean mayTry() {
        return !clock.instant().isBefore(notBefore);
    }

    synchronized void failed() {
        notBefore = clock.instant().plus(delay);
    }

    synchronized void succeeded() {
        notBefore = Instant.MIN;
    }
}
