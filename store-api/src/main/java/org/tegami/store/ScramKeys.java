package org.tegami.store;

import java.util.Arrays;

/**
 * One account's SCRAM credentials for one hash (RFC 5802 §3): the salt and iteration count the client
 * derives SaltedPassword with, and StoredKey = H(ClientKey) and ServerKey. Enough to verify a client's
 * proof and to prove the server's knowledge, not enough to log in as the user: never the password.
 */
public record ScramKeys(byte[] salt, int iterations, byte[] storedKey, byte[] serverKey) {

    public ScramKeys {
        if (salt.length == 0 || iterations < 1 || storedKey.length == 0 || serverKey.length == 0) {
            throw new IllegalArgumentException("incomplete SCRAM credentials");
        }
        salt = salt.clone();
        storedKey = storedKey.clone();
        serverKey = serverKey.clone();
    }

    @Override
    public byte[] salt() {
        return salt.clone();
    }

    @Override
    public byte[] storedKey() {
        return storedKey.clone();
    }

    @Override
    public byte[] serverKey() {
        return serverKey.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ScramKeys k && iterations == k.iterations && Arrays.equals(salt, k.salt)
                && Arrays.equals(storedKey, k.storedKey) && Arrays.equals(serverKey, k.serverKey);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(salt) + iterations;
    }

    /** Keys are secrets of a kind: they never appear in logs or exception messages. */
    @Override
    public String toString() {
        return "ScramKeys[iterations=" + iterations + "]";
    }
}
