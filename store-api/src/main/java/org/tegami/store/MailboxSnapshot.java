package org.tegami.store;

import java.util.List;

/**
 * The state of a mailbox at one instant, as SELECT needs it: every message's summary in ascending UID
 * order, the next UID, UIDVALIDITY and HIGHESTMODSEQ. Taking it and reading later changes with
 * {@link MessageStore#changesSince} loses nothing: every change after the snapshot has a larger MODSEQ.
 */
public record MailboxSnapshot(
        Mailbox mailbox,
        List<MessageSummary> messages,
        long uidNext,
        ModSeq highestModSeq) {
    public MailboxSnapshot {
        messages = List.copyOf(messages);
    }
}
