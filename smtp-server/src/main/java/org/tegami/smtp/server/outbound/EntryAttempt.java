package org.tegami.smtp.server.outbound;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tegami.store.BlobStore;
import org.tegami.store.DeliveryState;
import org.tegami.store.MailQueue;
import org.tegami.store.QueueEntry;
import org.tegami.store.RecipientOutcome;

/** One attempt at one claimed queue entry: deliver, decide, notify the sender of failures, record. */
final class EntryAttempt {

    private static final Logger log = LoggerFactory.getLogger(EntryAttempt.class);

    private final MailQueue queue;
    private final BlobStore blobs;
    private final RemoteDelivery delivery;
    private final RetryPolicy retry;
    private final FailureNotices notices;
    private final Clock clock;

    EntryAttempt(MailQueue queue, BlobStore blobs, RemoteDelivery delivery, RetryPolicy retry,
            FailureNotices notices, Clock clock) {
        this.queue = queue;
        this.blobs = blobs;
        this.delivery = delivery;
        this.retry = retry;
        this.notices = notices;
        this.clock = clock;
    }

    void run(QueueEntry entry) {
        byte[] content = blobs.read(entry.content());
        List<RecipientResult> results = delivery.deliver(entry, content);
        Instant now = clock.instant();
        RetryPolicy.Decision decision = retry.decide(entry, results, now);
        // The notice goes out before the attempt is recorded: should the process die in between, the
        // sender may hear twice, but never not at all.
        notices.send(entry, content, decision.results(), now);
        List<RecipientOutcome> outcomes = decision.results().stream()
                .map(r -> new RecipientOutcome(r.recipient(), r.state(), r.text()))
                .toList();
        queue.recordAttempt(entry.id(), outcomes, decision.nextAttempt());
        log.info("queue {}: attempt recorded: {}", entry.id().value(), summary(decision));
    }

    private static String summary(RetryPolicy.Decision decision) {
        long delivered = decision.results().stream().filter(r -> r.state() == DeliveryState.DELIVERED).count();
        long failed = decision.results().stream().filter(r -> r.state() == DeliveryState.FAILED).count();
        long pending = decision.results().size() - delivered - failed;
        return delivered + " delivered, " + failed + " failed, " + pending + " pending"
                + (pending > 0 ? ", next attempt " + decision.nextAttempt() : "");
    }
}
