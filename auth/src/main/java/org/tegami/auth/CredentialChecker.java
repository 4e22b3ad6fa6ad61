package org.tegami.auth;

import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tegami.store.Account;
import org.tegami.store.AccountDirectory;
import org.tegami.store.AppPasswordCredential;
import org.tegami.store.AppPasswords;
import org.tegami.store.LoginProtocol;
import org.tegami.store.StoreError;

/**
 * Checks a user name and password for one protocol: the account's main password (unless the account
 * refuses it on IMAP and SMTP) or one of its app passwords allowed for the protocol.
 *
 * <p>Every check does the same work whatever the outcome, so timing tells neither whether the user
 * exists nor which credential matched: one verification at the main-password cost (against a decoy hash
 * for an unknown user, and even when the main password is refused) and {@code maxAppPasswords}
 * verifications at the app-password cost, against the account's app passwords padded with a decoy hash.
 * Every comparison is constant-time ({@link PasswordHasher#verify}) and no loop exits early.
 */
public final class CredentialChecker {

    private static final Logger LOG = LoggerFactory.getLogger(CredentialChecker.class);

    /**
     * The outcome, with a description for the server log that never contains a secret, and how many
     * hashes were verified (the same for every check; tests hold the checker to that).
     */
    public record Check(Optional<Account> account, String detail, int hashesVerified) {
    }

    private final AccountDirectory accounts;
    private final AppPasswords appPasswords;
    private final PasswordHasher hasher;
    private final int maxAppPasswords;
    private final Clock clock;
    private final String mainDecoy;
    private final String appDecoy;

    public CredentialChecker(AccountDirectory accounts, AppPasswords appPasswords, PasswordHasher hasher,
                             int maxAppPasswords, Clock clock) {
        this.accounts = accounts;
        this.appPasswords = appPasswords;
        this.hasher = hasher;
        this.maxAppPasswords = maxAppPasswords;
        this.clock = clock;
        this.mainDecoy = hasher.hash("decoy password that no account has");
        this.appDecoy = hasher.hash("decoyapppassword", PasswordHasher.APP_PASSWORD_COST);
    }

    /** The user name as accounts are keyed: the whole address, trimmed and lower-cased. */
    public static String normalize(String userName) {
        return userName.trim().toLowerCase(Locale.ROOT);
    }

    /**
     * After a successful main-password login: an account whose hash is in an imported scheme
     * ({@link PasswordHasher#needsUpgrade}) gets an Argon2id hash of the same password. Changing the hash
     * drops the account's SCRAM credentials in the same transaction (ScramCredentials' contract), so the
     * account returned carries the new hash, from which {@link ScramEnrollment#afterPasswordLogin} derives
     * fresh ones at this same login. A store failure keeps the old hash and the login.
     */
    private Account upgraded(Account account, String password) {
        if (!hasher.needsUpgrade(account.passwordHash())) {
            return account;
        }
        String hash = hasher.hash(password);
        try {
            accounts.updatePasswordHash(account.id(), hash);
        } catch (StoreError e) {
            LOG.warn("could not upgrade the password hash of {} to Argon2id: {}", account.address(), e.getMessage());
            return account;
        }
        LOG.info("upgraded the password hash of {} to Argon2id", account.address());
        return new Account(account.id(), account.address(), hash, account.createdAt());
    }

    public Check check(String userName, String password, LoginProtocol protocol) {
        Optional<Account> account = accounts.findAccount(normalize(userName));
        List<AppPasswordCredential> apps = List.of();
        boolean mainRefused = false;
        if (account.isPresent()) {
            apps = appPasswords.credentials(account.get().id());
            mainRefused = appPasswords.mainPasswordRefused(account.get().id());
        }

        String mainHash = account.map(Account::passwordHash).orElse(mainDecoy);
        boolean mainMatches = hasher.verify(password, mainHash);
        if (hasher.needsUpgrade(mainHash)) {
            // An imported hash in a cheaper scheme (PasswordSchemes) also pays for one Argon2id check, so a
            // quick answer does not tell which accounts still have one.
            hasher.verify(password, mainDecoy);
        }
        int verified = 1;
        String compact = AppPasswordIssuer.compact(password);
        // More app passwords than the cap (the cap was lowered later) are all checked: they stay valid.
        int slots = Math.max(maxAppPasswords, apps.size());
        AppPasswordCredential matched = null;
        for (int i = 0; i < slots; i++) {
            boolean real = i < apps.size();
            boolean matches = hasher.verify(compact, real ? apps.get(i).passwordHash() : appDecoy);
            verified++;
            if (matches & real & matched == null) {
                matched = apps.get(i);
            }
        }

        if (account.isEmpty()) {
            return new Check(Optional.empty(), "no such user", verified);
        }
        if (mainMatches) {
            return mainRefused
                    ? new Check(Optional.empty(), "the main password is refused on IMAP and SMTP for this account",
                            verified)
                    : new Check(Optional.of(upgraded(account.get(), password)), "main password", verified);
        }
        if (matched == null) {
            return new Check(Optional.empty(), "wrong password", verified);
        }
        String which = "app password '" + matched.label() + "' (#" + matched.id().value() + ")";
        if (matched.onlyFor().isPresent() && matched.onlyFor().get() != protocol) {
            return new Check(Optional.empty(), which + " is for " + matched.onlyFor().get() + " only", verified);
        }
        try {
            appPasswords.markUsed(matched.id(), clock.instant());
        } catch (StoreError e) {
            // The login is valid; a missed "last used" time is not worth refusing it.
            LOG.warn("could not record the use of {}: {}", which, e.getMessage());
        }
        return new Check(account, which, verified);
    }
}
