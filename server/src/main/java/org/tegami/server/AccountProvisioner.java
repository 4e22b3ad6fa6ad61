package org.tegami.server;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.security.SecureRandom;
import org.tegami.auth.PasswordHasher;
import org.tegami.auth.ScramEnrollment;
import org.tegami.store.Account;
import org.tegami.store.AccountDirectory;
import org.tegami.store.Mailbox;
import org.tegami.store.MailboxSpec;
import org.tegami.store.NewAccount;
import org.tegami.store.ScramCredentials;
import org.tegami.store.SpecialUse;
import org.tegami.store.StoreError;

/**
 * Creates accounts the way every mail client expects to find them: INBOX plus the five folders with
 * special-use attributes (RFC 6154), so clients put drafts, sent mail and junk where the server says
 * instead of inventing their own folder names. Setting a password also stores the account's SCRAM
 * credentials (RFC 5802 §3), derived from it.
 */
public final class AccountProvisioner {

    public static final List<MailboxSpec> DEFAULT_MAILBOXES = List.of(
            new MailboxSpec(Mailbox.INBOX, Set.of()),
            new MailboxSpec("Drafts", Set.of(SpecialUse.DRAFTS)),
            new MailboxSpec("Sent", Set.of(SpecialUse.SENT)),
            new MailboxSpec("Trash", Set.of(SpecialUse.TRASH)),
            new MailboxSpec("Junk", Set.of(SpecialUse.JUNK)),
            new MailboxSpec("Archive", Set.of(SpecialUse.ARCHIVE)));

    /** Passwords shorter than this are refused; generated ones are far longer. */
    public static final int MIN_PASSWORD_LENGTH = 8;

    /** The new account, and whether its domain had to be added as a local domain first. */
    public record Created(Account account, boolean domainAdded) {
    }

    private final AccountDirectory directory;
    private final PasswordHasher hasher;
    private final ScramEnrollment scram;

    public AccountProvisioner(AccountDirectory directory, ScramCredentials scram, PasswordHasher hasher) {
        this.directory = directory;
        this.hasher = hasher;
        this.scram = new ScramEnrollment(scram, hasher, new SecureRandom());
    }

    /**
     * Creates the account with the default mailboxes. An address in a domain the server does not
     * serve yet adds that domain, since a user in a domain the server does not accept mail for would
     * be useless.
     */
    public Created create(MailAddress address, String password) {
        checkPassword(password);
        if (directory.findAccount(address.toString()).isPresent()) {
            throw alreadyExists(address);
        }
        String hash = hasher.hash(password);
        boolean domainAdded = !directory.isLocalDomain(address.domain()) && directory.addDomain(address.domain());
        Created created;
        try {
            created = new Created(directory.createAccount(address.toString(), hash, DEFAULT_MAILBOXES), domainAdded);
        } catch (StoreError e) {
            if (e.kind() == StoreError.Kind.ALREADY_EXISTS) {
                throw alreadyExists(address); // another process created it between the check and now
            }
            throw e;
        }
        scram.passwordSet(created.account().id(), password);
        return created;
    }

    /** An account to import: its address and a hash kept from another server. */
    public record Imported(MailAddress address, String storedHash) {
    }

    /** The imported accounts, in the order given, and the domains that were added as local domains. */
    public record ImportedAll(List<Account> accounts, List<String> domainsAdded) {
    }

    /**
     * Creates the accounts, each with the default mailboxes and a hash kept from another server (see
     * {@link org.tegami.auth.PasswordSchemes}), and adds their domains the server does not serve yet,
     * all in one transaction: if any of them cannot be created, none is. Their SCRAM credentials are
     * derived at each one's first password login, the first time the server sees the password.
     */
    public ImportedAll createImported(List<Imported> accounts) {
        Set<String> domains = new TreeSet<>();
        List<NewAccount> batch = new ArrayList<>();
        for (Imported account : accounts) {
            domains.add(account.address().domain());
            batch.add(new NewAccount(account.address().toString(), account.storedHash(), DEFAULT_MAILBOXES));
        }
        List<String> missing = domains.stream().filter(d -> !directory.isLocalDomain(d)).toList();
        try {
            return new ImportedAll(directory.createAccounts(batch, domains), missing);
        } catch (StoreError e) {
            if (e.kind() == StoreError.Kind.ALREADY_EXISTS) {
                throw new CommandFailure("nothing imported: " + e.getMessage());
            }
            throw e;
        }
    }

    /** Replaces an account's password. */
    public void changePassword(MailAddress address, String password) {
        checkPassword(password);
        Account account = directory.findAccount(address.toString())
                .orElseThrow(() -> new CommandFailure("user " + address + " does not exist"));
        // The new hash drops the old SCRAM credentials in the same transaction (ScramCredentials' contract);
        // should the process stop before the new ones are stored, the next password login derives them.
        directory.updatePasswordHash(account.id(), hasher.hash(password));
        scram.passwordSet(account.id(), password);
    }

    private static void checkPassword(String password) {
        if (password.length() < MIN_PASSWORD_LENGTH) {
            throw new CommandFailure("the password is too short: use at least " + MIN_PASSWORD_LENGTH
                    + " characters, or let tegami generate one");
        }
    }

    private static CommandFailure alreadyExists(MailAddress address) {
        return new CommandFailure("user " + address + " already exists");
    }
}
