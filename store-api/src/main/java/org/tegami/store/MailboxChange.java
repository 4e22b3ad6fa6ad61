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
}
