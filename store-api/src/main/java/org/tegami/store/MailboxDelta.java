package org.tegami.store;

import java.util.List;

/**
 * What changed in a mailbox after a MODSEQ: messages added or whose flags changed (their current
 * summary, ascending UID), UIDs expunged (ascending), and the mailbox's HIGHESTMODSEQ and next UID now.
 * A message added and expunged after {@code since} appears only in {@code expunged}.
 */
public record MailboxDelta(
        List<MessageSummary> changed,
        List<Uid> expunged,
        ModSeq highestModSeq,
        long uidNext) {
    public MailboxDelta {
        changed = List.copyOf(changed);
        expunged = List.copyOf(expunged);
    }

    public boolean isEmpty() {
        return changed.isEmpty() && expunged.isEmpty();
    }
}
