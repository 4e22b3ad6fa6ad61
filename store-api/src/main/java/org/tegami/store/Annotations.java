package org.tegami.store;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Metadata entries (RFC 5464) of each account: on a mailbox, or on the server when {@code mailbox} is empty.
 * Mailboxes belong to one account, so a mailbox's {@code /shared} entries are those of its owner's mailbox and
 * its {@code /private} entries are the owner's own; the scope stays part of each entry's key. Server entries
 * stored here are the account's own; server-wide {@code /shared} entries come from configuration, not from the
 * store. Entries are deleted with their mailbox and follow it across a rename (RFC 5464 §4.1). Values do not
 * count toward the account's mail quota.
 */
public interface Annotations {

    /**
     * Every entry of the mailbox (or the server) that the account sees, ordered by entry name.
     * {@code NONEXISTENT} if the mailbox is not one of the account's.
     */
    List<Annotation> entries(AccountId account, Optional<MailboxId> mailbox);

    /**
     * Sets (present value) or removes (empty value) each named entry, all or none (RFC 5464 §4.3), and publishes
     * one {@link MailboxChange.MetadataChanged} per entry set or actually removed. Entry names are lower-cased
     * {@code /private/...} or {@code /shared/...} names. {@code TOO_MANY} if the mailbox (or the account's server
     * entries) would hold more than {@code maxEntries} entries and this call adds to their number;
     * {@code NONEXISTENT} if the mailbox is not one of the account's.
     */
    void set(AccountId account, Optional<MailboxId> mailbox, Map<String, Optional<byte[]>> values, int maxEntries);
}
