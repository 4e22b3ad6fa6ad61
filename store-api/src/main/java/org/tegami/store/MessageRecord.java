package org.tegami.store;

import java.time.Instant;
import org.tegami.message.MessageStructure;

/**
 * What FETCH reads of one message without touching its content: UID, flags, MODSEQ, INTERNALDATE,
 * RFC822.SIZE, the content address, and the structure parsed on arrival ({@code null} when the caller
 * did not ask for it).
 */
public record MessageRecord(
        Uid uid,
        Flags flags,
        ModSeq modSeq,
        Instant internalDate,
        long size,
        ContentId content,
        MessageStructure structure) {
}
