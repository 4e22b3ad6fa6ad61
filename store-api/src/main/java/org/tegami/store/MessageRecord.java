package org.tegami.store;

import java.time.Instant;
import org.tegami.message.MessageStructure;

/**
 * What FETCH reads of one message without touching its content: UID, flags, MODSEQ, INTERNALDATE,
 * RFC822.SIZE, the content address, the structure parsed on arrival ({@code null} when the caller
 * did not ask for it), and when the message was saved to this mailbox by append, copy or move, as timed by
 * the store's clock (RFC 8514 SAVEDATE; {@code null} when the store does not know it).
 */
public record MessageRecord(
        Uid uid,
        Flags flags,
        ModSeq modSeq,
        Instant internalDate,
        long size,
        ContentId content,
        MessageStructure structure,
        Instant savedDate) {

    /** A record whose save date is not known. */
    public MessageRecord(Uid uid, Flags flags, ModSeq modSeq, Instant internalDate, long size, ContentId content,
                         MessageStructure structure) {
        this(uid, flags, modSeq, internalDate, size, content, structure, null);
    }
}
