package org.tegami.auth;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import org.tegami.store.Account;
import org.tegami.store.AccountDirectory;
import org.tegami.store.AccountId;
import org.tegami.store.AppPasswords;
import org.tegami.store.ScramCredentials;
import org.tegami.store.ScramHash;
import org.tegami.store.ScramKeys;
import org.tegami.store.StoreError;

/**
 * Finds the SCRAM credentials for a user name, and for a user that does not exist (or has no credentials
 * yet) stand-in ones that look the same from outside: a salt that is an HMAC of the name under the store's
 * decoy secret (so it is as stable as a real one, RFC 5802 §9 "sorry, no such user" problem), the
 * iteration count new accounts get, and keys no proof can match. Both paths make the same store calls.
 * SCRAM keys come from the main password, so an account that refuses its main password on IMAP and SMTP
 * gets the stand-in too: its keys, if it has any, never let a login through.
 */
final class ScramAccounts {

    /** No account has this id; looking it up costs what a real lookup costs. */
    private static final AccountId ABSENT = new AccountId(-1);
    private static final int DECOY_SALT_BYTES = 16;

    /**
     * The credentials to run an exchange with; {@code account} is empty for a decoy, and {@code detail}
     * then says why, for the server log only.
     */
    record Found(Optional<Account> account, ScramKeys keys, String detail) {
    }

    private final AccountDirectory accounts;
    private final ScramCredentials credentials;
    private final AppPasswords appPasswords;
    private final byte[] decoySecret;

    ScramAccounts(AccountDirectory accounts, ScramCredentials credentials, AppPasswords appPasswords) {
        this.accounts = accounts;
        this.credentials = credentials;
        this.appPasswords = appPasswords;
        this.decoySecret = credentials.decoySecret();
    }

    Found find(String userName, ScramHash hash) {
        String name = userName.trim().toLowerCase(Locale.ROOT);
        Optional<Account> account = accounts.findAccount(name);
        AccountId id = account.map(Account::id).orElse(ABSENT);
        Optional<ScramKeys> keys = credentials.find(id, hash);
        boolean mainRefused = mainPasswordRefused(id);
        if (account.isEmpty()) {
            return new Found(Optional.empty(), decoy(name, hash), "no such user");
        }
        if (mainRefused) {
            return new Found(Optional.empty(), decoy(name, hash),
                    "the main password is refused on IMAP and SMTP for this account");
        }
        if (keys.isEmpty()) {
            return new Found(Optional.empty(), decoy(name, hash), "no SCRAM credentials yet");
        }
        return new Found(account, keys.get(), "SCRAM credentials");
    }

    /** Asked for a decoy too (the store then finds no account), so both paths cost the same. */
    private boolean mainPasswordRefused(AccountId id) {
        try {
            return appPasswords.mainPasswordRefused(id);
        } catch (StoreError e) {
            if (e.kind() != StoreError.Kind.NONEXISTENT) {
                throw e;
            }
            return false;
        }
    }

    private ScramKeys decoy(String name, ScramHash hash) {
        byte[] salt = Arrays.copyOf(derive("salt", name, hash), DECOY_SALT_BYTES);
        byte[] stored = Arrays.copyOf(derive("stored-key", name, hash), hash.length());
        byte[] server = Arrays.copyOf(derive("server-key", name, hash), hash.length());
        return new ScramKeys(salt, ScramEnrollment.iterations(hash), stored, server);
    }

    private byte[] derive(String purpose, String name, ScramHash hash) {
        byte[] input = (purpose + "\0" + hash.name() + "\0" + name).getBytes(StandardCharsets.UTF_8);
        return ScramFunctions.hmac(ScramHash.SHA_256, decoySecret, input);
    }
}
