package org.tegami.imap.server.notify;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.tegami.store.MailboxChange;
import org.tegami.store.MailboxId;

/**
 * What the change feed said since a session under NOTIFY last reported: the mailboxes whose messages changed,
 * whether the mailbox list or the subscriptions changed, and the metadata entries set or removed. Filled on
 * the feed's thread, drained on the session's; repeated changes to one mailbox are kept once. At most
 * {@code limit} mailboxes and entries are held: one more and the session has overflowed (RFC 5465 §5.8).
 */
final class PendingChanges {

    /** One drained batch; {@code overflowed} when changes were lost to the limit. */
    record Batch(Set<MailboxId> mailboxes, boolean listChanged, List<MailboxChange.MetadataChanged> metadata,
                 boolean overflowed) {
        boolean isEmpty() {
            return mailboxes.isEmpty() && !listChanged && metadata.isEmpty() && !overflowed;
        }
    }

    private final int limit;
    private Set<MailboxId> mailboxes = new LinkedHashSet<>();
    private boolean listChanged;
    private List<MailboxChange.MetadataChanged> metadata = new ArrayList<>();
    private boolean overflowed;
    private boolean collecting;

    PendingChanges(int limit) {
        this.limit = limit;
    }

    /** Starts or stops collecting; stopping forgets what was held. */
    synchronized void collect(boolean on) {
        collecting = on;
        if (!on) {
            drain();
        }
    }

    /** Called by the change feed's listener: records the change, never blocks for long. */
    synchronized void offer(MailboxChange change) {
        if (!collecting || overflowed) {
            return;
        }
        switch (change) {
            case MailboxChange.MessagesChanged m -> mailboxes.add(m.mailbox());
            case MailboxChange.MailboxListChanged l -> listChanged = true;
            case MailboxChange.MetadataChanged m -> metadata.add(m);
        }
        if (mailboxes.size() + metadata.size() > limit) {
            // RFC 5465 §5.8: more than the server is willing to hold; what was held is of no use any more.
            overflowed = true;
            mailboxes = new LinkedHashSet<>();
            metadata = new ArrayList<>();
            listChanged = false;
        }
    }

    synchronized Batch drain() {
        Batch batch = new Batch(mailboxes, listChanged, metadata, overflowed);
        mailboxes = new LinkedHashSet<>();
        metadata = new ArrayList<>();
        listChanged = false;
        overflowed = false;
        return batch;
    }
}
