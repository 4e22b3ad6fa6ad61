package org.tegami.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Base64;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;
import org.bouncycastle.crypto.generators.OpenBSDBCrypt;

/**
 * Password hashes made by other mail servers, kept when accounts are imported so nobody has to reset a
 * password, and replaced by Argon2id at the account's next successful login
 * ({@link PasswordHasher#needsUpgrade}).
 *
 * <p>Stored form: Argon2id stays the bare PHC string every new hash is; every other scheme is stored with
 * the scheme prefix Dovecot's passdb uses ("Password schemes" in the Dovecot documentation), e.g.
 * {@code {SHA512-CRYPT}$6$…}, {@code {BLF-CRYPT}$2y$…}, {@code {ARGON2I}$argon2i$…}, {@code {SSHA512}…},
 * {@code {PLAIN}…}. Every comparison is constant-time.
 */
public final class PasswordSchemes {

    /** The schemes understood, with their canonical Dovecot name. */
    public enum Scheme {
        ARGON2ID("ARGON2ID"),
        ARGON2I("ARGON2I"),
        SHA512_CRYPT("SHA512-CRYPT"),
        SHA256_CRYPT("SHA256-CRYPT"),
        BLF_CRYPT("BLF-CRYPT"),
        SSHA512("SSHA512"),
        PLAIN("PLAIN");

        private final String dovecotName;

        Scheme(String dovecotName) {
            this.dovecotName = dovecotName;
        }

        public String dovecotName() {
            return dovecotName;
        }
    }

    /** A recognised hash in its stored form. {@code toString} never shows the hash. */
    public record StoredHash(Scheme scheme, String stored) {
        @Override
        public String toString() {
            return "StoredHash[" + scheme.dovecotName() + "]";
        }
    }

    private static final int SHA512_BYTES = 64;
    /** OpenBSD bcrypt costs are 4..31; above 16 a single login would take seconds, so such hashes are refused. */
    private static final int MAX_BCRYPT_COST = 16;
    // The OpenBSD bcrypt string: $2a$, $2b$ or $2y$, a two-digit cost, 22 characters of salt and 31 of hash.
    private static final Pattern BCRYPT = Pattern.compile("\\$2[aby]\\$(\\d\\d)\\$[./A-Za-z0-9]{53}");

    private PasswordSchemes() {
    }

    /**
     * Recognises a hash as another server stores it: {@code {SCHEME}value} with a Dovecot scheme name
     * (also {@code CLEAR} for PLAIN, {@code BLF-CRYPT} for bcrypt), or a bare modular-crypt string
     * ({@code $argon2id$}, {@code $argon2i$}, {@code $6$}, {@code $5$}, {@code $2a$}/{@code $2b$}/{@code $2y$}).
     * Throws {@link IllegalArgumentException} saying what is wrong, without repeating the hash.
     */
    public static StoredHash recognise(String text) {
        if (text == null || text.isEmpty()) {
            throw new IllegalArgumentException("the password hash is empty");
        }
        String value = text;
        Optional<String> named = Optional.empty();
        if (text.startsWith("{")) {
            int close = text.indexOf('}');
            if (close < 0) {
                throw new IllegalArgumentException("the scheme prefix has no closing '}'");
            }
            named = Optional.of(text.substring(1, close).toUpperCase(Locale.ROOT));
            value = text.substring(close + 1);
        }
        Scheme scheme = named.isPresent() ? byName(named.get(), value) : byShape(value);
        if (!wellFormed(scheme, value)) {
            throw new IllegalArgumentException("malformed " + scheme.dovecotName() + " hash");
        }
        return new StoredHash(scheme, scheme == Scheme.ARGON2ID ? value : "{" + scheme.dovecotName() + "}" + value);
    }

    /** The scheme of a stored hash; empty when it is none of them. */
    public static Optional<Scheme> schemeOf(String stored) {
        try {
            return Optional.of(recognise(stored).scheme());
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** Whether the password matches a stored hash in any scheme; false when the hash is malformed. */
    public static boolean verify(String password, String stored) {
        StoredHash hash;
        try {
            hash = recognise(stored);
        } catch (IllegalArgumentException e) {
            return false;
        }
        String value = hash.scheme() == Scheme.ARGON2ID ? hash.stored()
                : hash.stored().substring(hash.scheme().dovecotName().length() + 2);
        return switch (hash.scheme()) {
            case ARGON2ID -> PasswordHasher.verifyPhc(password, value, Argon2Function.Variant.ARGON2ID);
            case ARGON2I -> PasswordHasher.verifyPhc(password, value, Argon2Function.Variant.ARGON2I);
            case SHA512_CRYPT, SHA256_CRYPT -> ShaCrypt.verify(password, value);
            // Bouncy Castle recomputes the string and compares it in constant time (since 1.67).
            case BLF_CRYPT -> OpenBSDBCrypt.checkPassword(value, password.toCharArray());
            case SSHA512 -> verifySsha512(password, value);
            case PLAIN -> MessageDigest.isEqual(password.getBytes(StandardCharsets.UTF_8),
                    value.getBytes(StandardCharsets.UTF_8));
        };
    }

    private static Scheme byName(String name, String value) {
        return switch (name) {
            case "ARGON2ID" -> Scheme.ARGON2ID;
            case "ARGON2I" -> Scheme.ARGON2I;
            case "SHA512-CRYPT" -> Scheme.SHA512_CRYPT;
            case "SHA256-CRYPT" -> Scheme.SHA256_CRYPT;
            case "BLF-CRYPT" -> Scheme.BLF_CRYPT;
            case "SSHA512" -> Scheme.SSHA512;
            case "PLAIN", "CLEAR" -> Scheme.PLAIN;
            // Dovecot's CRYPT is whatever crypt(3) understands; the string's own prefix says which.
            case "CRYPT" -> byShape(value);
            default -> throw new IllegalArgumentException("unknown password scheme {" + name + "}");
        };
    }

    private static Scheme byShape(String value) {
        if (value.startsWith("$argon2id$")) {
            return Scheme.ARGON2ID;
        }
        if (value.startsWith("$argon2i$")) {
            return Scheme.ARGON2I;
        }
        if (value.startsWith("$6$")) {
            return Scheme.SHA512_CRYPT;
        }
        if (value.startsWith("$5$")) {
            return Scheme.SHA256_CRYPT;
        }
        if (value.startsWith("$2a$") || value.startsWith("$2b$") || value.startsWith("$2y$")) {
            return Scheme.BLF_CRYPT;
        }
        throw new IllegalArgumentException("unknown password scheme (expected a {SCHEME} prefix or a "
                + "$argon2id$, $argon2i$, $6$, $5$ or $2y$ hash)");
    }

    private static boolean wellFormed(Scheme scheme, String value) {
        return switch (scheme) {
            case ARGON2ID -> PasswordHasher.isPhc(value, Argon2Function.Variant.ARGON2ID);
            case ARGON2I -> PasswordHasher.isPhc(value, Argon2Function.Variant.ARGON2I);
            case SHA512_CRYPT -> value.startsWith("$6$") && ShaCrypt.parse(value).isPresent();
            case SHA256_CRYPT -> value.startsWith("$5$") && ShaCrypt.parse(value).isPresent();
            case BLF_CRYPT -> {
                var m = BCRYPT.matcher(value);
                yield m.matches() && Integer.parseInt(m.group(1)) >= 4
                        && Integer.parseInt(m.group(1)) <= MAX_BCRYPT_COST;
            }
            case SSHA512 -> ssha512(value).isPresent();
            case PLAIN -> !value.isEmpty();
        };
    }

    /** {@code {SSHA512}} is base64(SHA-512(password || salt) || salt) (Dovecot password schemes). */
    private static Optional<byte[][]> ssha512(String value) {
        byte[] raw;
        try {
            raw = Base64.getDecoder().decode(value);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        if (raw.length <= SHA512_BYTES) {
            return Optional.empty();
        }
        return Optional.of(new byte[][] {
                Arrays.copyOfRange(raw, 0, SHA512_BYTES), Arrays.copyOfRange(raw, SHA512_BYTES, raw.length)});
    }

    private static boolean verifySsha512(String password, String value) {
        Optional<byte[][]> parts = ssha512(value);
        if (parts.isEmpty()) {
            return false;
        }
        MessageDigest md;
        try {
            md = MessageDigest.getInstance("SHA-512");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-512", e);
        }
        md.update(password.getBytes(StandardCharsets.UTF_8));
        md.update(parts.get()[1]);
        return MessageDigest.isEqual(md.digest(), parts.get()[0]);
    }
}
