package org.tegami.message;

import java.util.List;

/**
 * The envelope of a message: header values as they appear in the message (unfolded, encoded words
 * kept), {@code null} for an absent header; address lists are empty when the header is absent.
 * Defaulting Sender and Reply-To to From is the IMAP renderer's job (RFC 9051 §7.5.2), not this record's.
 */
public record Envelope(
        String date,
        String subject,
        List<Address> from,
        List<Address> sender,
        List<Address> replyTo,
        List<Address> to,
        List<Address> cc,
        List<Address> bcc,
        String inReplyTo,
        String messageId) {

    public Envelope {
        from = List.copyOf(from);
        sender = List.copyOf(sender);
        replyTo = List.copyOf(replyTo);
        to = List.copyOf(to);
        cc = List.copyOf(cc);
        bcc = List.copyOf(bcc);
    }
}
