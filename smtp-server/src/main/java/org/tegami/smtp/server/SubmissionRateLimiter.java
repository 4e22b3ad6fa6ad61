package org.tegami.smtp.server;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.ConcurrentHashMap;
import org.tegami.store.AccountId;

/**
 * Limits how many messages one account may submit per hour: a sliding window of the last
 * {@code maxPerHour} submission times per account, so memory stays bounded by that number.
 */
public final class SubmissionRateLimiter {

    private static final Duration WINDOW = Duration.ofHours(1);

    private final int maxPerHour;
    private final Clock clock;
    private final ConcurrentHashMap<AccountId, Deque<Instant>> recent = new ConcurrentHashMap<>();

    public SubmissionRateLimiter(int maxPerHour, Clock clock) {
        this.maxPerHour = maxPerHour;
        this.clock = clock;
    }

    /** Whether the account may start another message now. */
    public boolean allows(AccountId account) {
        Deque<Instant> times = recent.get(account);
        if (times == null) {
            return true;
        }
        synchronized (times) {
            prune(times);
            return times.size() < maxPerHour;
        }
    }

    /** Counts a message the account submitted. */
    public void record(AccountId account) {
        Deque<Instant> times = recent.computeIfAbsent(account, a -> new ArrayDeque<>());
        synchronized (times) {
            prune(times);
            times.addLast(clock.instant());
            while (times.size() > maxPerHour) {
                times.removeFirst();
            }
        }
    }

    private void prune(Deque<Instant> times) {
        Instant cutoff = clock.instant().minus(WINDOW);
        while (!times.isEmpty() && !times.peekFirst().isAfter(cutoff)) {
            times.removeFirst();
        }
    }
}
