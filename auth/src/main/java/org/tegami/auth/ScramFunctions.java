package org.tegami.auth;

import com.ongres.saslprep.SASLprep;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.tegami.store.ScramHash;
import org.tegami.store.ScramKeys;

/** The functions of RFC 5802 §2.2 and the key derivation of §3, for one {@link ScramHash}. Pure. */
final class ScramFunctions {
    private ScramFunctions() {
    }

    /**
     * RFC 5802 §2.2 Normalize(): SASLprep (RFC 4013) of the password, as a stored string (unassigned code
     * points refused), UTF-8. Empty when the password has characters SASLprep prohibits: such a password
     * keeps working with PLAIN and LOGIN, but gets no SCRAM keys.
     */
    static Optional<byte[]> normalize(String password) {
        try {
            return Optional.of(new SASLprep().prepareStored(password).getBytes(StandardCharsets.UTF_8));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    static byte[] hmac(ScramHash hash, byte[] key, byte[] data) {
        try {
            Mac mac = Mac.getInstance(hash.hmacAlgorithm());
            mac.init(new SecretKeySpec(key, hash.hmacAlgorithm()));
            return mac.doFinal(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(hash.hmacAlgorithm() + " is part of every JDK", e);
        }
    }

    static byte[] h(ScramHash hash, byte[] data) {
        try {
            return MessageDigest.getInstance(hash.digestAlgorithm()).digest(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(hash.digestAlgorithm() + " is part of every JDK", e);
        }
    }

    /** RFC 5802 §2.2 Hi(): PBKDF2 with HMAC as the PRF and one block of output. */
    static byte[] hi(ScramHash hash, byte[] normalizedPassword, byte[] salt, int iterations) {
        try {
            Mac mac = Mac.getInstance(hash.hmacAlgorithm());
            mac.init(new SecretKeySpec(normalizedPassword, hash.hmacAlgorithm()));
            mac.update(salt);
            byte[] u = mac.doFinal(new byte[] {0, 0, 0, 1}); // INT(1)
            byte[] result = u.clone();
            for (int i = 1; i < iterations; i++) {
                u = mac.doFinal(u);
                for (int j = 0; j < result.length; j++) {
                    result[j] ^= u[j];
                }
            }
            return result;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(hash.hmacAlgorithm() + " is part of every JDK", e);
        }
    }

    /** RFC 5802 §3: SaltedPassword, then StoredKey := H(HMAC(SaltedPassword, "Client Key")) and ServerKey. */
    static ScramKeys derive(ScramHash hash, byte[] normalizedPassword, byte[] salt, int iterations) {
        byte[] salted = hi(hash, normalizedPassword, salt, iterations);
        byte[] clientKey = hmac(hash, salted, "Client Key".getBytes(StandardCharsets.US_ASCII));
        byte[] serverKey = hmac(hash, salted, "Server Key".getBytes(StandardCharsets.US_ASCII));
        return new ScramKeys(salt, iterations, h(hash, clientKey), serverKey);
    }

    static byte[] xor(byte[] a, byte[] b) {
        byte[] out = new byte[a.length];
        for (int i = 0; i < a.length; i++) {
            out[i] = (byte) (a[i] ^ b[i]);
        }
        return out;
    }
}
