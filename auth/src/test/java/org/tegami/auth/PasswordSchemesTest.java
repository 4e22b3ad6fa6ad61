package org.tegami.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;
import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.tegami.auth.PasswordSchemes.Scheme;

/** Every imported scheme: known vectors, wrong passwords, malformed hashes, and which hashes need an upgrade. */
class PasswordSchemesTest {

    private final PasswordHasher hasher = new PasswordHasher(new PasswordHasher.Cost(64, 1, 1), new SecureRandom());

    /** The examples of "Unix crypt using SHA-256 and SHA-512" (Drepper), section "Test vectors". */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "$5$|saltstring|-1|Hello world!|$5$saltstring$5B8vYYiY.CVt1RlTTf8KbXBH3hsxY/GNooZaBBGWEc5",
        "$5$|saltstringsaltstring|10000|Hello world!|$5$rounds=10000$saltstringsaltst$3xv.VbSHBb41AL9AvLeujZkZRBAwqFMz2.opqey6IcA",
        "$5$|toolongsaltstring|5000|This is just a test|$5$rounds=5000$toolongsaltstrin$Un/5jzAHMgOGZ5.mWJpuVolil07guHPvOW8mGRcvxa5",
        "$5$|roundstoolow|10|the minimum number is still observed|$5$rounds=1000$roundstoolow$yfvwcWrQ8l/K0DAWyuPMDNHpIVlTQebY9l/gL972bIC",
        "$6$|saltstring|-1|Hello world!|$6$saltstring$svn8UoSVapNtMuq1ukKS4tPQd8iKwSMHWjl/O817G3uBnIFNjnQJuesI68u4OTLiBFdcbYEdFCoEOfaS35inz1",
        "$6$|saltstringsaltstring|10000|Hello world!|$6$rounds=10000$saltstringsaltst$OW1/O6BYHV6BcXZu8QVeXbDWra3Oeqh0sbHbbMCVNSnCM/UrjmM0Dp8vOuZeHBy/YTBmSK6H9qs/y3RnOaw5v.",
        "$6$|toolongsaltstring|5000|This is just a test|$6$rounds=5000$toolongsaltstrin$lQ8jolhgVRVhY4b5pZKaysCLi0QBxGoNeKQzQ3glMhwllF7oGDZxUhx1yxdYcz/e1JSbq3y6JMxxl8audkUEm0",
        "$6$|roundstoolow|10|the minimum number is still observed|$6$rounds=1000$roundstoolow$kUMsbe306n21p9R.FRkW3IGn.S9NPN0x50YhH1xhLsPuWGsUSklZt58jaTfF4ZEQpyUNGc0dqbpBYYBaHHrsX.",
    })
    void shaCryptMatchesTheSpecificationsVectors(String prefix, String salt, int rounds, String password,
                                                 String expected) {
        ShaCrypt.Variant variant = prefix.equals("$5$") ? ShaCrypt.Variant.SHA256 : ShaCrypt.Variant.SHA512;
        assertEquals(expected, ShaCrypt.crypt(variant, password, salt,
                rounds < 0 ? Optional.empty() : Optional.of(rounds)));
        String scheme = prefix.equals("$5$") ? "{SHA256-CRYPT}" : "{SHA512-CRYPT}";
        PasswordSchemes.StoredHash stored = PasswordSchemes.recognise(scheme + expected);
        assertEquals(scheme + expected, stored.stored());
        assertTrue(hasher.verify(password, stored.stored()));
        assertFalse(hasher.verify(password + "!", stored.stored()));
        assertTrue(hasher.needsUpgrade(stored.stored()));
    }

    @Test
    void bareCryptStringsAndDovecotsCryptPrefixAreRecognised() {
        String sha512 = "$6$saltstring$svn8UoSVapNtMuq1ukKS4tPQd8iKwSMHWjl/O817G3uBnIFNjnQJuesI68u4OTLiBFdcbYEdFCoEOfaS35inz1";
        assertEquals("{SHA512-CRYPT}" + sha512, PasswordSchemes.recognise(sha512).stored());
        assertEquals("{SHA512-CRYPT}" + sha512, PasswordSchemes.recognise("{CRYPT}" + sha512).stored());
        assertEquals("{SHA512-CRYPT}" + sha512, PasswordSchemes.recognise("{sha512-crypt}" + sha512).stored());
    }

    /** Openwall crypt_blowfish's test vectors ("U*U" and "U*U*" at cost 5). */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "U*U|$2a$05$CCCCCCCCCCCCCCCCCCCCC.E5YPO9kmyuRGyh0XouQYb4YMJKvyOeW",
        "U*U*|$2a$05$CCCCCCCCCCCCCCCCCCCCC.VGOzA784oUp/Z0DY336zx7pLYAy0lwK",
        "U*U|$2y$05$CCCCCCCCCCCCCCCCCCCCC.E5YPO9kmyuRGyh0XouQYb4YMJKvyOeW",
        "U*U|$2b$05$CCCCCCCCCCCCCCCCCCCCC.E5YPO9kmyuRGyh0XouQYb4YMJKvyOeW",
    })
    void bcrypt(String password, String hash) {
        PasswordSchemes.StoredHash stored = PasswordSchemes.recognise("{BLF-CRYPT}" + hash);
        assertEquals(Scheme.BLF_CRYPT, stored.scheme());
        assertEquals("{BLF-CRYPT}" + hash, stored.stored());
        assertEquals(stored, PasswordSchemes.recognise(hash));
        assertTrue(hasher.verify(password, stored.stored()));
        assertFalse(hasher.verify(password + "x", stored.stored()));
        assertTrue(hasher.needsUpgrade(stored.stored()));
    }

    @Test
    void argon2iPhcStrings() {
        // The reference implementation's README example: argon2 somesalt -t 2 -m 16 -p 4 -l 24, "password".
        String reference = "$argon2i$v=19$m=65536,t=2,p=4$c29tZXNhbHQ$RdescudvJCsgt3ub+b+dWRWJTmaaJObG";
        assertTrue(hasher.verify("password", PasswordSchemes.recognise("{ARGON2I}" + reference).stored()));

        byte[] salt = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
        Argon2BytesGenerator generator = new Argon2BytesGenerator();
        generator.init(new Argon2Parameters.Builder(Argon2Parameters.ARGON2_i)
                .withVersion(Argon2Parameters.ARGON2_VERSION_13).withMemoryAsKB(64).withIterations(3)
                .withParallelism(1).withSalt(salt).build());
        byte[] out = new byte[32];
        generator.generateBytes("correct horse".getBytes(StandardCharsets.UTF_8), out);
        Base64.Encoder b64 = Base64.getEncoder().withoutPadding();
        String phc = "$argon2i$v=19$m=64,t=3,p=1$" + b64.encodeToString(salt) + "$" + b64.encodeToString(out);

        PasswordSchemes.StoredHash stored = PasswordSchemes.recognise("{ARGON2I}" + phc);
        assertEquals("{ARGON2I}" + phc, stored.stored());
        assertEquals(stored, PasswordSchemes.recognise(phc));
        assertTrue(hasher.verify("correct horse", stored.stored()));
        assertFalse(hasher.verify("correct horsf", stored.stored()));
        assertTrue(hasher.needsUpgrade(stored.stored()));
    }

    @Test
    void argon2idStaysABarePhcStringAndNeedsNoUpgrade() {
        String phc = hasher.hash("correct horse");
        assertEquals(phc, PasswordSchemes.recognise("{ARGON2ID}" + phc).stored());
        assertEquals(phc, PasswordSchemes.recognise(phc).stored());
        assertFalse(hasher.needsUpgrade(phc));
        assertTrue(hasher.verify("correct horse", phc));
    }

    @Test
    void ssha512IsSha512OfPasswordAndSalt() throws Exception {
        byte[] salt = {1, 2, 3, 4, 5, 6, 7, 8};
        MessageDigest md = MessageDigest.getInstance("SHA-512");
        md.update("s3cret pass".getBytes(StandardCharsets.UTF_8));
        md.update(salt);
        byte[] digest = md.digest();
        byte[] raw = new byte[digest.length + salt.length];
        System.arraycopy(digest, 0, raw, 0, digest.length);
        System.arraycopy(salt, 0, raw, digest.length, salt.length);
        String hash = "{SSHA512}" + Base64.getEncoder().encodeToString(raw);

        PasswordSchemes.StoredHash stored = PasswordSchemes.recognise(hash);
        assertEquals(Scheme.SSHA512, stored.scheme());
        assertEquals(hash, stored.stored());
        assertTrue(hasher.verify("s3cret pass", stored.stored()));
        assertFalse(hasher.verify("s3cret pasS", stored.stored()));
        assertTrue(hasher.needsUpgrade(stored.stored()));
    }

    @Test
    void plainAndClear() {
        assertEquals("{PLAIN}hunter22", PasswordSchemes.recognise("{CLEAR}hunter22").stored());
        String stored = PasswordSchemes.recognise("{PLAIN}hunter22").stored();
        assertEquals("{PLAIN}hunter22", stored);
        assertTrue(hasher.verify("hunter22", stored));
        assertFalse(hasher.verify("hunter2", stored));
        assertFalse(hasher.verify("hunter222", stored));
        assertTrue(hasher.needsUpgrade(stored));
    }

    @Test
    void unknownAndMalformedHashesAreRefusedWithoutRepeatingThem() {
        IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class,
                () -> PasswordSchemes.recognise("{MD5-CRYPT}$1$abc$def"));
        assertEquals("unknown password scheme {MD5-CRYPT}", unknown.getMessage());
        assertThrows(IllegalArgumentException.class, () -> PasswordSchemes.recognise("5f4dcc3b5aa765d61d8327deb882cf99"));
        assertThrows(IllegalArgumentException.class, () -> PasswordSchemes.recognise(""));
        IllegalArgumentException malformed = assertThrows(IllegalArgumentException.class,
                () -> PasswordSchemes.recognise("{SHA512-CRYPT}$6$salt$tooshort"));
        assertEquals("malformed SHA512-CRYPT hash", malformed.getMessage());
        assertThrows(IllegalArgumentException.class, () -> PasswordSchemes.recognise("{SSHA512}AAAA"));
        assertThrows(IllegalArgumentException.class, () -> PasswordSchemes.recognise("{PLAIN}"));
        // A cost that would make one login take minutes.
        assertThrows(IllegalArgumentException.class, () -> PasswordSchemes.recognise(
                "$2a$31$CCCCCCCCCCCCCCCCCCCCC.E5YPO9kmyuRGyh0XouQYb4YMJKvyOeW"));
        assertThrows(IllegalArgumentException.class, () -> PasswordSchemes.recognise(
                "$6$rounds=999999999$salt$svn8UoSVapNtMuq1ukKS4tPQd8iKwSMHWjl/O817G3uBnIFNjnQJuesI68u4OTLiBFdcbYEdFCoEOfaS35inz1"));
        assertFalse(hasher.verify("x", "{MD5-CRYPT}$1$abc$def"));
        assertFalse(hasher.verify("x", "{SHA512-CRYPT}$6$salt$tooshort"));
        assertTrue(hasher.needsUpgrade("{MD5-CRYPT}$1$abc$def"));
    }
}
