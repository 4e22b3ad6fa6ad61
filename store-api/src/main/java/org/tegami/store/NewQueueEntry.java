package org.tegami.store;

import java.util.List;

/** A message to queue for remote delivery; see {@link QueueEntry} for the fields. */
public record NewQueueEntry(
        String sender,
        List<Recipient> recipients,
        byte[] content,
        String envelopeId,
        boolean returnFullMessage,
        boolean requireTls) {
    public NewQueueEntry {
        recipients = List.copyOf(recipients);
    }

    /** A recipient with its RFC 3461 NOTIFY and ORCPT parameters (null when absent). */
    public record Recipient(String address, String notifyConditions, String originalRecipient) {
    }
}
