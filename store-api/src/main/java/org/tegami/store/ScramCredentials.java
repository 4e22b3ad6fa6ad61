package org.tegami.store;

import java.util.Optional;

/**
 * Stored SCRAM credentials (RFC 5802 §3, RFC 7677), per account and per hash. Setting or changing an
 * account's password hash ({@link AccountDirectory#updatePasswordHash}) forgets its SCRAM credentials, so
 * they never outlive the password they were derived from; deleting the account deletes them.
 */
public interface ScramCredentials {

    /** The account's credentials for {@code hash}, if it has any (none for an unknown account). */
    Optional<ScramKeys> find(AccountId account, ScramHash hash);

    /**
     * Stores the account's credentials for {@code hash}, replacing any there were. {@code NONEXISTENT} if
     * the account is gone.
     */
    void put(AccountId account, ScramHash hash, ScramKeys keys);

    /**
     * A random secret (at least 32 bytes) created once with the store and the same for every caller, in
     * this process and others: the key for the stand-in salts shown for unknown users, which must look as
     * stable as a real account's salt across connections, protocols and restarts.
     */
    byte[] decoySecret();
}
