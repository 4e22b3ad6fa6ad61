package org.tegami.store;

import java.time.Instant;

/**
 * One recipient of a queued message and its delivery state. {@code notifyConditions} and {@code originalRecipient}
 * are the RFC 3461 NOTIFY and ORCPT parameters as given (null when absent); {@code lastResult} is the
 * last reply or error text (null before the first attempt).
 */
public record QueueRecipient(
        String address,
        DeliveryState state,
        int attempts,
        Instant lastAttempt,
        String lastResult,
        String notifyConditions,
        String originalRecipient) {
}
