package org.tegami.auth;

import java.util.Optional;
import org.tegami.store.AccountId;
import org.tegami.store.AppPassword;
import org.tegami.store.AppPasswords;
import org.tegami.store.LoginProtocol;
import org.tegami.store.StoreError;

/**
 * Creates app passwords: generates the secret, stores only its Argon2id hash, and hands the secret back
 * once. Holds an account to {@code maxAppPasswords}, which also bounds the work of every login (see
 * {@link CredentialChecker}).
 */
public final class AppPasswordIssuer {

    /** A new app password and its secret, which is not stored anywhere and cannot be shown again. */
    public record Issued(AppPassword appPassword, String secret) {
        @Override
        public String toString() {
            return "Issued[" + appPassword + "]";
        }
    }

    private final AppPasswords store;
    private final PasswordGenerator generator;
    private final PasswordHasher hasher;
    private final int maxAppPasswords;

    public AppPasswordIssuer(AppPasswords store, PasswordGenerator generator, PasswordHasher hasher,
                             int maxAppPasswords) {
        this.store = store;
        this.generator = generator;
        this.hasher = hasher;
        this.maxAppPasswords = maxAppPasswords;
    }

    /**
     * Issues an app password for the account. {@code CANNOT} when the account already has
     * {@code maxAppPasswords}; otherwise as {@link AppPasswords#add}.
     */
    public Issued issue(AccountId account, String label, Optional<LoginProtocol> onlyFor) {
        // Checked before the insert, not atomically with it: an administrator racing themselves can exceed
        // the cap by one, which only costs that account's logins a little more work.
        if (store.list(account).size() >= maxAppPasswords) {
            throw new StoreError(StoreError.Kind.CANNOT, "the account already has " + maxAppPasswords
                    + " app passwords (auth.max_app_passwords); delete one first");
        }
        String secret = generator.appPassword();
        AppPassword added = store.add(account, label, hasher.hash(compact(secret), PasswordHasher.APP_PASSWORD_COST),
                onlyFor);
        return new Issued(added, secret);
    }

    /**
     * The part of a typed app password that is hashed: without the group dashes and any spaces, so it
     * works however the user copied it.
     */
    public static String compact(String typed) {
        StringBuilder sb = new StringBuilder(typed.length());
        for (int i = 0; i < typed.length(); i++) {
            char c = typed.charAt(i);
            if (c != '-' && !Character.isWhitespace(c)) {
                sb.append(c);
            }
        }
        return sb.toString();
    }
}
