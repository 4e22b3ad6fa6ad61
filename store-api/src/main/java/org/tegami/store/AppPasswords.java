package org.tegami.store;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * App passwords: extra, generated passwords of an account, each with a label, usable on IMAP and SMTP
 * (or on one of them) and revocable one by one; and the account's switch that refuses its main password
 * on IMAP and SMTP, so only app passwords work there. Every call reads the current state of the backend,
 * so a change made by the CLI is seen by a running server at once. Deleting an account deletes its app
 * passwords.
 */
public interface AppPasswords {

    /**
     * Adds an app password. Labels are unique per account (compared exactly, after trimming);
     * {@code ALREADY_EXISTS} if the label is taken, {@code NONEXISTENT} if the account is gone,
     * {@code CANNOT} if the label is blank.
     */
    AppPassword add(AccountId account, String label, String passwordHash, Optional<LoginProtocol> onlyFor);

    /** The account's app passwords, oldest first, without hashes; empty for an unknown account. */
    List<AppPassword> list(AccountId account);

    /** The account's app passwords with their hashes, oldest first, for checking a login. */
    List<AppPasswordCredential> credentials(AccountId account);

    /** Deletes the app password with this id if it belongs to the account; false if there was none. */
    boolean delete(AccountId account, AppPasswordId id);

    /** Deletes the account's app password with this label; false if there was none. */
    boolean deleteByLabel(AccountId account, String label);

    /** Records a successful login with the app password; nothing happens if it was deleted meanwhile. */
    void markUsed(AppPasswordId id, Instant when);

    /** Whether IMAP and SMTP refuse the account's main password. Off for a new account. {@code NONEXISTENT} if gone. */
    boolean mainPasswordRefused(AccountId account);

    /** Sets {@link #mainPasswordRefused}. {@code NONEXISTENT} if the account is gone. */
    void setMainPasswordRefused(AccountId account, boolean refused);
}
