package org.tegami.imap.server.command;

import java.time.Instant;
import java.util.List;

/**
 * What threading needs of one message: its sequence number, its Message-ID ({@code null} without a valid one),
 * the valid message identifiers of its References and In-Reply-To fields, its sent date (RFC 5256 §2.2), its
 * base subject (§2.1, upper-cased for comparison) and whether its subject marks a reply or forward.
 */
public record ThreadMessage(int seq, String messageId, List<String> references, List<String> inReplyTo,
                            Instant sent, String baseSubject, boolean replyOrForward) {

    public ThreadMessage {
        references = List.copyOf(references);
        inReplyTo = List.copyOf(inReplyTo);
    }
}
