package org.tegami.smtp.server.outbound;

import java.time.Instant;
import java.util.List;
import org.tegami.store.DeliveryState;
import org.tegami.store.QueueEntry;
import org.tegami.store.QueueRecipient;

/**
 * Turns the results of an attempt into what the queue records: when to try again, following the retry
 * schedule, and which pending recipients have waited too long and fail instead.
 */
final class RetryPolicy {

    /** The results to record, expiry applied, and the time of the next attempt. */
    record Decision(List<RecipientResult> results, Instant nextAttempt) {
        Decision {
            results = List.copyOf(results);
        }
    }

    private final OutboundSettings settings;

    RetryPolicy(OutboundSettings settings) {
        this.settings = settings;
    }

    Decision decide(QueueEntry entry, List<RecipientResult> results, Instant now) {
        Instant deadline = entry.queuedAt().plus(settings.maxQueueTime());
        boolean expired = !now.isBefore(deadline);
        List<RecipientResult> decided = results.stream()
                .map(r -> expired && r.state() == DeliveryState.PENDING
                        // RFC 3463 §3.5: X.4.7, delivery time expired; with the last reason kept for the sender.
                        ? r.as(DeliveryState.FAILED, "4.4.7", "delivery time expired; last error: " + r.text())
                        : r)
                .toList();
        int attempts = 1 + entry.pending().stream().mapToInt(QueueRecipient::attempts).max().orElse(0);
        Instant next = now.plus(settings.retry().delayAfter(attempts));
        // The last attempt happens when the queue time runs out, not a whole delay after it.
        if (next.isAfter(deadline) && now.isBefore(deadline)) {
            next = deadline;
        }
        return new Decision(decided, next);
    }
}
