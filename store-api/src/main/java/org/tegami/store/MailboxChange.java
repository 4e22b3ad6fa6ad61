package org.tegami.store;

/**
 * A change published on the {@link ChangeFeed} after it is committed. It only says where to look: a
 * session learns what changed by asking {@link MessageStore#changesSince} with the MODSEQ it knows.
 */
public sealed interface MailboxChange {

    AccountId account();

    /** Messages were appended, had their flags changed, or were expunged in a mailbox. */
    record MessagesChanged(AccountId account, MailboxId mailbox, ModSeq highestModSeq) implements MailboxChange {
    }

    /** The account's mailbox list or subscriptions changed (create, delete, rename, subscribe). */
    record MailboxListChanged(AccountId account) implements MailboxChange {
    }

    /**
     * A metadata entry (RFC 5464) of a mailbox, or of the server when {@code mailbox} is empty, was set or
     * removed for this account. One event per entry, so that a listener can name it (RFC 5465 §5.7) and a
     * cross-node payload stays small: entry names are bounded by the metadata limits.
     */
    record MetadataChanged(AccountId account, java.util.Optional<MailboxId> mailbox, String entry)
            implements MailboxChange {
        public MetadataChanged {
            java.util.Objects.requireNonNull(mailbox, "mailbox");
            java.util.Objects.requireNonNull(entry, "entry");
        }
    }
}
