package org.tegami.store;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The durable outbound queue. Each method is one atomic operation. A message is delivered by whoever
 * holds its lease; a lease that expires (its holder crashed) makes the message due again, so nothing
 * acknowledged is ever lost, at the price of a possible second attempt.
 */
public interface MailQueue {

    /**
     * Queues a message, due at once. On return the content is durable (fsynced, as for APPEND) and the
     * entry committed, so the caller may acknowledge it (SMTP 250).
     */
    QueueEntry enqueue(NewQueueEntry entry);

    /**
     * Leases up to {@code max} entries whose next attempt is due at {@code now} and that no live lease
     * holds, until {@code now + lease}; returns them, oldest due first.
     */
    List<QueueEntry> claimDue(Instant now, Duration lease, int max);

    /**
     * Records the outcome of an attempt for the listed recipients (each attempt counted), sets the next
     * attempt time and releases the lease. An entry with no PENDING recipient left is removed (its
     * content released). {@code NONEXISTENT} if the entry was deleted meanwhile.
     */
    void recordAttempt(QueueId id, List<RecipientOutcome> outcomes, Instant nextAttempt);

    /** Every entry, oldest first. */
    List<QueueEntry> list();

    Optional<QueueEntry> find(QueueId id);

    /** Removes an entry without delivering it; false if there was none. */
    boolean delete(QueueId id);

    /** Makes an entry due at {@code now} and drops its lease; false if there was none. */
    boolean retryNow(QueueId id, Instant now);

    /** The earliest next attempt among entries, if any, so a delivery loop can wait until then. */
    Optional<Instant> nextDue();
}
