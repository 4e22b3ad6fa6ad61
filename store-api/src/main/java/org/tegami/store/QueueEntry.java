package org.tegami.store;

import java.time.Instant;
import java.util.List;

/**
 * A message in the outbound queue. {@code sender} is the reverse-path, empty for the null sender
 * ({@code MAIL FROM:<>}, used by bounces). {@code envelopeId} and {@code returnFullMessage} are RFC 3461
 * ENVID and RET=FULL; {@code requireTls} is RFC 8689 REQUIRETLS.
 */
public record QueueEntry(
        QueueId id,
        String sender,
        ContentId content,
        long size,
        Instant queuedAt,
        Instant nextAttempt,
        String envelopeId,
        boolean returnFullMessage,
        boolean requireTls,
        List<QueueRecipient> recipients) {
    public QueueEntry {
        recipients = List.copyOf(recipients);
    }

    public List<QueueRecipient> pending() {
        return recipients.stream().filter(r -> r.state() == DeliveryState.PENDING).toList();
    }
}
