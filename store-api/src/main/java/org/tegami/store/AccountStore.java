package org.tegami.store;

import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The mailbox tree of each account: list, create, delete, rename, subscriptions and status.
 * Names are full UTF-8 names with {@link Mailbox#DELIMITER}; any case of {@code INBOX} means INBOX.
 * Each method is one atomic operation and publishes its change on the {@link ChangeFeed}.
 */
public interface AccountStore {

    /** Every mailbox of the account (selectable or placeholder), ordered by name. */
    List<Mailbox> listMailboxes(AccountId account);

    Optional<Mailbox> findMailbox(AccountId account, String name);

    /**
     * Creates a mailbox and any missing superior names (RFC 9051 §6.3.4). Creating a name that exists
     * only as a non-selectable placeholder makes it selectable. {@code ALREADY_EXISTS} if it exists;
     * {@code CANNOT} for an empty name, a name with an empty level, or a name under INBOX's level
     * conflicting rules the backend cannot store.
     */
    Mailbox createMailbox(AccountId account, String name, Set<SpecialUse> specialUse);

    /**
     * Deletes a mailbox and its messages (RFC 9051 §6.3.9). A mailbox with inferiors stays as a
     * non-selectable placeholder; deleting a placeholder that has inferiors is {@code CANNOT};
     * INBOX is {@code CANNOT}; a missing name is {@code NONEXISTENT}.
     */
    void deleteMailbox(AccountId account, String name);

    /**
     * Renames a mailbox and all its inferiors, keeping their identity and UIDVALIDITY (RFC 9051 §6.3.6).
     * Renaming INBOX moves all its messages to a new mailbox with the new name and leaves INBOX empty.
     * {@code NONEXISTENT} if the source is missing, {@code ALREADY_EXISTS} if the target exists,
     * {@code CANNOT} to rename a mailbox under itself.
     */
    void renameMailbox(AccountId account, String from, String to);

    /** Adds a name to the account's subscriptions; the name need not exist (RFC 9051 §6.3.7). */
    void subscribe(AccountId account, String name);

    /** Removes a name from the subscriptions; {@code NONEXISTENT} if it was not subscribed. */
    void unsubscribe(AccountId account, String name);

    /** Subscribed names, sorted. */
    List<String> subscriptions(AccountId account);

    /** Counters of one mailbox. {@code NONEXISTENT} if it was deleted. */
    MailboxStatus status(MailboxId mailbox);
}
