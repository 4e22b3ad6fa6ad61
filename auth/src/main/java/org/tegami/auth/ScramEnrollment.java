package org.tegami.auth;

import java.security.SecureRandom;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tegami.store.Account;
import org.tegami.store.AccountId;
import org.tegami.store.ScramCredentials;
import org.tegami.store.ScramHash;
import org.tegami.store.ScramKeys;
import org.tegami.store.StoreError;

/**
 * Gives accounts their SCRAM credentials (RFC 5802 §3): when a password is set, and, for accounts made
 * before SCRAM existed, at their next successful password login, the only other time the server sees
 * the password. Only salted keys are stored.
 */
public final class ScramEnrollment {

    private static final Logger LOG = LoggerFactory.getLogger(ScramEnrollment.class);

    /** RFC 7677 §4 and RFC 5802 §5.1: at least 4096 iterations. */
    public static final int SHA_1_ITERATIONS = 4096;
    public static final int SHA_256_ITERATIONS = 8192;
    private static final int SALT_BYTES = 16;

    private final ScramCredentials credentials;
    private final PasswordHasher hasher;
    private final SecureRandom random;

    /**
     * {@code hasher} only verifies passwords against an account's stored hash; its cost parameters are
     * irrelevant, since verification reads them from the stored hash.
     */
    public ScramEnrollment(ScramCredentials credentials, PasswordHasher hasher, SecureRandom random) {
        this.credentials = credentials;
        this.hasher = hasher;
        this.random = random;
    }

    /** The iteration count new credentials get for a hash. */
    public static int iterations(ScramHash hash) {
        return switch (hash) {
            case SHA_1 -> SHA_1_ITERATIONS;
            case SHA_256 -> SHA_256_ITERATIONS;
        };
    }

    /** Derives and stores credentials for every hash from a password just set for the account. */
    public void passwordSet(AccountId account, String password) {
        Optional<byte[]> normalized = ScramFunctions.normalize(password);
        if (normalized.isEmpty()) {
            return;
        }
        for (ScramHash hash : ScramHash.values()) {
            credentials.put(account, hash, derive(hash, normalized.get()));
        }
    }

    /**
     * After a successful password login: derives the credentials the account lacks. Only from the account's
     * own password (checked against its stored hash here, which costs one more hash only on that first
     * login), never from another secret that may also have let the login through. A store failure is
     * logged and leaves the login as it was.
     */
    public void afterPasswordLogin(Account account, String password) {
        try {
            boolean missing = false;
            for (ScramHash hash : ScramHash.values()) {
                missing |= credentials.find(account.id(), hash).isEmpty();
            }
            if (!missing || !hasher.verify(password, account.passwordHash())) {
                return;
            }
            Optional<byte[]> normalized = ScramFunctions.normalize(password);
            if (normalized.isEmpty()) {
                return;
            }
            for (ScramHash hash : ScramHash.values()) {
                if (credentials.find(account.id(), hash).isEmpty()) {
                    credentials.put(account.id(), hash, derive(hash, normalized.get()));
                }
            }
            LOG.info("derived SCRAM credentials for {}", account.address());
        } catch (StoreError e) {
            LOG.warn("could not store SCRAM credentials for {}: {}", account.address(), e.getMessage());
        }
    }

    private ScramKeys derive(ScramHash hash, byte[] normalizedPassword) {
        byte[] salt = new byte[SALT_BYTES];
        random.nextBytes(salt);
        return ScramFunctions.derive(hash, normalizedPassword, salt, iterations(hash));
    }
}
