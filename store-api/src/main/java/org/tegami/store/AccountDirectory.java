package org.tegami.store;

import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Accounts and the domains this server is the destination for. Addresses are compared
 * case-insensitively and stored lower-cased. Every call reads the current state of the backend (no
 * caching across calls), so a change made by another process on the same data is seen at once.
 */
public interface AccountDirectory {

    /** The account whose address is {@code address} (any case), if any. */
    Optional<Account> findAccount(String address);

    Optional<Account> findAccount(AccountId id);

    /**
     * Creates an account and, in the same transaction, its initial mailboxes (INBOX is always created
     * whether listed or not). Fails with {@code ALREADY_EXISTS} if the address is taken.
     */
    Account createAccount(String address, String passwordHash, List<MailboxSpec> initialMailboxes);

    /**
     * Creates all the accounts, each with its initial mailboxes as {@link #createAccount} does, and adds
     * those of {@code domains} that are not local domains yet, all in one transaction: either everything
     * is created or nothing is. Fails with {@code ALREADY_EXISTS}, creating nothing, if any address is
     * taken or listed twice. Returns the accounts in the order given.
     */
    List<Account> createAccounts(List<NewAccount> accounts, Set<String> domains);

    /** Replaces the password hash. {@code NONEXISTENT} if the account is gone. */
    void updatePasswordHash(AccountId account, String passwordHash);

    /**
     * Whether the server files a copy of every message this account submits into its Sent mailbox (and
     * an APPEND of the same bytes to that mailbox shortly after is not stored twice). Off for a new
     * account. {@code NONEXISTENT} if the account is gone.
     */
    boolean sentCopy(AccountId account);

    /** Turns the sent copy of {@link #sentCopy} on or off. {@code NONEXISTENT} if the account is gone. */
    void setSentCopy(AccountId account, boolean enabled);

    /**
     * The quota the account is held to: its own when one was set, else the default quota. Appends, copies,
     * moves between accounts and deliveries that would take its usage past a limit fail with
     * {@code OVER_QUOTA}, checked in the same transaction that adds the messages (RFC 9208 §4.1).
     * {@code NONEXISTENT} if the account is gone.
     */
    Quota quota(AccountId account);

    /** The account's own quota; empty when it follows the default. {@code NONEXISTENT} if the account is gone. */
    Optional<Quota> ownQuota(AccountId account);

    /**
     * Sets the account's own quota, or with an empty value makes it follow the default again. Lowering it
     * below the current usage removes nothing; only additions are refused. {@code NONEXISTENT} if the
     * account is gone.
     */
    void setOwnQuota(AccountId account, Optional<Quota> quota);

    /** The quota of every account without its own; {@link Quota#UNLIMITED} until set. */
    Quota defaultQuota();

    /** Replaces the default quota, for every account without its own at once. */
    void setDefaultQuota(Quota quota);

    /** The account's current usage, read in one transaction. {@code NONEXISTENT} if the account is gone. */
    QuotaUsage quotaUsage(AccountId account);

    /** All accounts, ordered by address. */
    List<Account> listAccounts();

    /**
     * Deletes the account with all its mailboxes and messages; aliases naming its address stay.
     * {@code NONEXISTENT} if absent.
     */
    void deleteAccount(AccountId account);

    /** Adds a local domain (lower-cased); false if it was already there. */
    boolean addDomain(String domain);

    /** Removes a local domain; false if it was not there. */
    boolean deleteDomain(String domain);

    /** Local domains, sorted. */
    List<String> listDomains();

    boolean isLocalDomain(String domain);

    /**
     * Adds an alias, or replaces the targets of an existing one. Addresses are trimmed and lower-cased;
     * {@code CANNOT} unless the address is {@code local@domain} or {@code @domain} and there is at least
     * one target, each {@code local@domain}.
     */
    void putAlias(String address, List<String> targets);

    /** Removes an alias; false if there was none. */
    boolean deleteAlias(String address);

    /** The alias with exactly this address (any case; {@code @domain} for a catch-all), if any. */
    Optional<Alias> findAlias(String address);

    /** All aliases, ordered by address. */
    List<Alias> listAliases();
}
