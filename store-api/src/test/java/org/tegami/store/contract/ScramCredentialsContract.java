package org.tegami.store.contract;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.tegami.store.AccountId;
import org.tegami.store.ScramCredentials;
import org.tegami.store.ScramHash;
import org.tegami.store.ScramKeys;
import org.tegami.store.StoreError;

/** What SCRAM authentication needs of a backend: {@link ScramCredentials}. */
public interface ScramCredentialsContract extends StoreFixture {

    private static ScramKeys keys(int seed, int iterations) {
        byte[] salt = new byte[16];
        byte[] stored = new byte[32];
        byte[] server = new byte[32];
        for (int i = 0; i < 32; i++) {
            if (i < 16) {
                salt[i] = (byte) (seed + i);
            }
            stored[i] = (byte) (seed * 3 + i);
            server[i] = (byte) (seed * 7 + i);
        }
        return new ScramKeys(salt, iterations, stored, server);
    }

    @Test
    default void keysArePerAccountAndHashAndSurviveARestart() {
        AccountId a = alice().id();
        AccountId b = account("bob@example.org").id();
        ScramCredentials scram = store().scram();
        assertEquals(Optional.empty(), scram.find(a, ScramHash.SHA_256));
        scram.put(a, ScramHash.SHA_256, keys(1, 4096));
        scram.put(a, ScramHash.SHA_1, keys(2, 4096));
        assertEquals(Optional.of(keys(1, 4096)), scram.find(a, ScramHash.SHA_256));
        assertEquals(Optional.of(keys(2, 4096)), scram.find(a, ScramHash.SHA_1));
        assertEquals(Optional.empty(), scram.find(b, ScramHash.SHA_256), "keys are per account");
        reopen();
        assertEquals(Optional.of(keys(1, 4096)), store().scram().find(a, ScramHash.SHA_256));
    }

    @Test
    default void putReplacesTheKeysForThatHash() {
        AccountId a = alice().id();
        store().scram().put(a, ScramHash.SHA_256, keys(1, 4096));
        store().scram().put(a, ScramHash.SHA_256, keys(5, 8192));
        assertEquals(Optional.of(keys(5, 8192)), store().scram().find(a, ScramHash.SHA_256));
    }

    @Test
    default void aChangedPasswordHashForgetsTheKeys() {
        AccountId a = alice().id();
        AccountId b = account("bob@example.org").id();
        store().scram().put(a, ScramHash.SHA_256, keys(1, 4096));
        store().scram().put(a, ScramHash.SHA_1, keys(2, 4096));
        store().scram().put(b, ScramHash.SHA_256, keys(3, 4096));
        store().accounts().updatePasswordHash(a, "$argon2id$v=19$m=65536,t=3,p=4$bmV3c2FsdA$bmV3aGFzaA");
        assertEquals(Optional.empty(), store().scram().find(a, ScramHash.SHA_256));
        assertEquals(Optional.empty(), store().scram().find(a, ScramHash.SHA_1));
        assertEquals(Optional.of(keys(3, 4096)), store().scram().find(b, ScramHash.SHA_256), "only that account's");
    }

    @Test
    default void deletingTheAccountDeletesItsKeysAndPutForAMissingAccountIsNonexistent() {
        AccountId a = alice().id();
        store().scram().put(a, ScramHash.SHA_256, keys(1, 4096));
        store().accounts().deleteAccount(a);
        assertEquals(Optional.empty(), store().scram().find(a, ScramHash.SHA_256));
        assertFails(StoreError.Kind.NONEXISTENT, () -> store().scram().put(a, ScramHash.SHA_256, keys(1, 4096)));
        assertFails(StoreError.Kind.NONEXISTENT,
                () -> store().scram().put(new AccountId(987_654), ScramHash.SHA_1, keys(1, 4096)));
    }

    @Test
    default void theDecoySecretIsRandomLongAndStable() {
        byte[] secret = store().scram().decoySecret();
        assertTrue(secret.length >= 32, "at least 32 bytes");
        assertArrayEquals(secret, store().scram().decoySecret());
        reopen();
        assertArrayEquals(secret, store().scram().decoySecret(), "the same after a restart");
    }
}
