package org.tegami.auth;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.SecureRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class PasswordHasherTest {

    private final PasswordHasher hasher = new PasswordHasher(new PasswordHasher.Cost(256, 1, 1), new SecureRandom());

    @Test
    void hashesAreArgon2idPhcStringsThatVerify() {
        String hash = hasher.hash("correct horse");
        assertTrue(hash.startsWith("$argon2id$v=19$m=256,t=1,p=1$"), hash);
        assertTrue(hasher.verify("correct horse", hash));
        assertFalse(hasher.verify("correct horsE", hash));
        assertFalse(hasher.verify("", hash));
    }

    @Test
    void aHasherReusingMemoryAgreesWithOneThatDoesNotAtEverySize() {
        // Reused blocks come back cleared, so nothing of one hash leaks into the next: each verifies the other's
        // hashes, at a cost within the reused memory, at exactly its size, and beyond it.
        for (int memoryKiB : new int[] {64, 256, 512}) {
            PasswordHasher.Cost cost = new PasswordHasher.Cost(memoryKiB, 2, 1);
            PasswordHasher reusing = new PasswordHasher(cost, new SecureRandom(), new JavaArgon2(256));
            PasswordHasher allocating = new PasswordHasher(cost, new SecureRandom());
            for (int i = 0; i < 3; i++) {
                String reused = reusing.hash("pw" + i);
                assertTrue(allocating.verify("pw" + i, reused));
                assertTrue(reusing.verify("pw" + i, reused));
                assertTrue(reusing.verify("pw" + i, allocating.hash("pw" + i)));
                assertFalse(reusing.verify("pw" + (i + 1), reused));
            }
        }
    }

    @Test
    void saltsDiffer() {
        assertNotEquals(hasher.hash("same"), hasher.hash("same"));
    }

    @Test
    void theDefaultCostIsReadBackFromTheHash() {
        PasswordHasher production = new PasswordHasher();
        String hash = production.hash("pw");
        assertTrue(hash.startsWith("$argon2id$v=19$m=19456,t=2,p=1$"), hash);
        // A cheaper hasher verifies with the cost stored in the hash, not its own.
        assertTrue(hasher.verify("pw", hash));
    }

    @Test
    void unicodePasswordsAreHashedAsUtf8() {
        String hash = hasher.hash("pässwörd-日本");
        assertTrue(hasher.verify("pässwörd-日本", hash));
        assertFalse(hasher.verify("passwort-日本", hash));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "plain", "$argon2i$v=19$m=256,t=1,p=1$c2FsdHNhbHQ$aGFzaGhhc2hoYXNoaGFzaA",
            "$argon2id$v=18$m=256,t=1,p=1$c2FsdHNhbHQ$aGFzaGhhc2hoYXNoaGFzaA",
            "$argon2id$v=19$m=99999999,t=1,p=1$c2FsdHNhbHQ$aGFzaGhhc2hoYXNoaGFzaA",
            "$argon2id$v=19$m=256,t=1,p=1$!!!$aGFzaGhhc2hoYXNoaGFzaA",
            "$argon2id$v=19$m=256,t=1$c2FsdHNhbHQ$aGFzaGhhc2hoYXNoaGFzaA"})
    void malformedOrDangerousStoredHashesNeverMatch(String stored) {
        assertFalse(hasher.verify("anything", stored));
    }
}
