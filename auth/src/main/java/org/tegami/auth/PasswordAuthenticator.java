package org.tegami.auth;

import java.util.Locale;
import java.util.Optional;
import org.tegami.store.Account;
import org.tegami.store.AccountDirectory;

/**
 * Checks a user name and password against the account directory. The user name is the whole e-mail
 * address, compared case-insensitively. An unknown user costs the same Argon2id work as a wrong
 * password, so timing does not reveal which addresses exist.
 */
public final class PasswordAuthenticator {

    private final AccountDirectory accounts;
    private final PasswordHasher hasher;
    private final String decoyHash;

    public PasswordAuthenticator(AccountDirectory accounts, PasswordHasher hasher) {
        this.accounts = accounts;
        this.hasher = hasher;
        this.decoyHash = hasher.hash("decoy password that no account has");
    }

    /** The account when the credentials are right; empty otherwise. */
    public Optional<Account> authenticate(String userName, String password) {
        if (userName == null || password == null) {
            return Optional.empty();
        }
        Optional<Account> account = accounts.findAccount(userName.trim().toLowerCase(Locale.ROOT));
        String stored = account.map(Account::passwordHash).orElse(decoyHash);
        boolean matches = hasher.verify(password, stored);
        return matches ? account : Optional.empty();
    }
}
