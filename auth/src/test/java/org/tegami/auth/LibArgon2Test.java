package org.tegami.auth;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.tegami.auth.Argon2Function.Variant;

/**
 * The native Argon2 (libargon2, installed by .ci/run as Debian's libargon2-1) computes exactly the octets the
 * Java one does, for both variants and across costs, lanes, salt and output lengths, so hashes made by either
 * verify with the other.
 */
class LibArgon2Test {

    private static LibArgon2 nativeArgon2;

    @BeforeAll
    static void load() {
        nativeArgon2 = LibArgon2.load().orElseThrow(() -> new AssertionError(
                "libargon2.so.1 not found: install Debian's libargon2-1 (.ci/run does)"));
    }

    @Test
    void agreesWithTheJavaImplementationOctetForOctet() {
        JavaArgon2 java = new JavaArgon2();
        Random random = new Random(9106);
        int[][] costs = {{8, 1, 1}, {64, 1, 1}, {256, 2, 1}, {1024, 3, 2}, {512, 1, 4}};
        for (Variant variant : Variant.values()) {
            for (int[] c : costs) {
                PasswordHasher.Cost cost = new PasswordHasher.Cost(c[0], c[1], c[2]);
                for (int length : new int[] {16, 32, 64}) {
                    byte[] password = new byte[random.nextInt(40)];
                    random.nextBytes(password);
                    byte[] salt = new byte[8 + random.nextInt(24)];
                    random.nextBytes(salt);
                    assertArrayEquals(java.hash(variant, password, salt, cost, length),
                            nativeArgon2.hash(variant, password, salt, cost, length),
                            variant + " " + cost + " length " + length);
                }
            }
        }
    }

    @Test
    void matchesTheReferenceImplementationsOwnTestVector() {
        // The reference implementation's "argon2 somesalt -id -t 2 -m 16 -p 1" on "password" (m = 2^16 KiB),
        // as its test suite lists it for version 0x13.
        byte[] hash = nativeArgon2.hash(Variant.ARGON2ID, "password".getBytes(StandardCharsets.US_ASCII),
                "somesalt".getBytes(StandardCharsets.US_ASCII), new PasswordHasher.Cost(1 << 16, 2, 1), 32);
        assertEquals("09316115d5cf24ed5a15a31a3ba326e5cf32edc24702987c02b6566f61913cf7",
                HexFormat.of().formatHex(hash));
    }

    @Test
    void hashesMadeNativelyVerifyInJavaAndTheOtherWayRound() {
        PasswordHasher.Cost cost = new PasswordHasher.Cost(256, 2, 1);
        PasswordHasher withNative = new PasswordHasher(cost, new SecureRandom(), nativeArgon2);
        PasswordHasher withJava = new PasswordHasher(cost, new SecureRandom(), new JavaArgon2());
        String fromNative = withNative.hash("pässwörd");
        String fromJava = withJava.hash("pässwörd");
        assertTrue(withJava.verify("pässwörd", fromNative));
        assertTrue(withNative.verify("pässwörd", fromJava));
        assertFalse(withNative.verify("passwörd", fromJava));
        assertTrue(withNative.verify("", withJava.hash("")));
    }
}
