package org.tegami.auth;

import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Slows down password guessing per client address: after each failed login from an address, the next
 * answer to that address is delayed twice as long as the previous one, from {@code initialDelay} up to
 * {@code maxDelay}. An address's record is forgotten after {@code forgetAfter} without failures, and
 * cleared by a successful login. Memory is bounded by {@code maxTrackedAddresses}.
 */
public final class LoginThrottle {

    /** Throttle settings; see the class comment. */
    public record Settings(Duration initialDelay, Duration maxDelay, Duration forgetAfter, int maxTrackedAddresses) {
        public static final Settings DEFAULTS =
                new Settings(Duration.ofMillis(500), Duration.ofSeconds(15), Duration.ofMinutes(15), 100_000);
    }

    private record Failures(int count, Instant last) {
    }

    private final Settings settings;
    private final Clock clock;
    private final ConcurrentHashMap<InetAddress, Failures> failures = new ConcurrentHashMap<>();

    public LoginThrottle(Settings settings, Clock clock) {
        this.settings = settings;
        this.clock = clock;
    }

    /** How long to hold back the answer to a failed login from this address, counting this failure. */
    public Duration recordFailure(InetAddress client) {
        Instant now = clock.instant();
        if (failures.size() >= settings.maxTrackedAddresses()) {
            forgetStale(now);
        }
        Failures updated = failures.merge(client, new Failures(1, now), (old, one) ->
                isStale(old, now) ? one : new Failures(old.count() + 1, now));
        return delayFor(updated.count());
    }

    /** A successful login clears the address's record. */
    public void recordSuccess(InetAddress client) {
        failures.remove(client);
    }

    /** Failed attempts currently remembered for the address. */
    public int failureCount(InetAddress client) {
        Failures f = failures.get(client);
        return f == null || isStale(f, clock.instant()) ? 0 : f.count();
    }

    private Duration delayFor(int count) {
        long initial = settings.initialDelay().toMillis();
        long max = settings.maxDelay().toMillis();
        long delay = initial;
        for (int i = 1; i < count && delay < max; i++) {
            delay *= 2;
        }
        return Duration.ofMillis(Math.min(delay, max));
    }

    private boolean isStale(Failures f, Instant now) {
        return f.last().plus(settings.forgetAfter()).isBefore(now);
    }

    private void forgetStale(Instant now) {
        failures.values().removeIf(f -> isStale(f, now));
        if (failures.size() >= settings.maxTrackedAddresses()) {
            // Still full of active records: drop them all rather than grow without bound.
            failures.clear();
        }
    }
}
