package org.tegami.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import org.tegami.auth.Argon2Function.Variant;

/**
 * New passwords are hashed with Argon2id (RFC 9106) in the PHC string format
 * {@code $argon2id$v=19$m=<KiB>,t=<iterations>,p=<lanes>$<salt>$<hash>}, unpadded base64. Parameters are
 * read back from each stored hash, so raising the cost later keeps old hashes valid. Hashes imported from
 * other servers (SHA-crypt, bcrypt, Argon2i, SSHA512, PLAIN; see {@link PasswordSchemes}) are verified too,
 * and {@link #needsUpgrade} says when one should be replaced by Argon2id at the next successful login.
 */
public final class PasswordHasher {

    /** OWASP's Argon2id baseline: 19 MiB, 2 iterations, 1 lane. */
    public static final Cost DEFAULT_COST = new Cost(19 * 1024, 2, 1);

    /**
     * The cost of app passwords. They are generated with about 90 bits of entropy, so a slow hash adds
     * nothing against offline guessing; a cheap one lets a login check every app password of an account
     * (see {@link CredentialChecker}) in bounded time. Still Argon2id, so one verifier reads every hash.
     */
    public static final Cost APP_PASSWORD_COST = new Cost(1024, 1, 1);

    /** Argon2id cost parameters: memory in KiB, iterations, lanes. */
    public record Cost(int memoryKiB, int iterations, int lanes) {
    }

    private static final int SALT_BYTES = 16;
    private static final int HASH_BYTES = 32;
    private static final Base64.Encoder B64 = Base64.getEncoder().withoutPadding();
    private static final Base64.Decoder B64D = Base64.getDecoder();

    /** Verifies imported Argon2i hashes and stands in where no function is given. */
    private static final Argon2Function JAVA = new JavaArgon2();

    private final Cost cost;
    private final SecureRandom random;
    private final Argon2Function argon2;

    /** A hasher computing Argon2 with {@code argon2}. */
    public PasswordHasher(Cost cost, SecureRandom random, Argon2Function argon2) {
        this.cost = cost;
        this.random = random;
        this.argon2 = argon2;
    }

    public PasswordHasher(Cost cost, SecureRandom random) {
        this(cost, random, JAVA);
    }

    public PasswordHasher() {
        this(DEFAULT_COST, new SecureRandom());
    }

    /** A new PHC string for the password, with a fresh random salt. */
    public String hash(String password) {
        return hash(password, cost);
    }

    /** A new PHC string for the password at the given cost, with a fresh random salt. */
    public String hash(String password, Cost cost) {
        byte[] salt = new byte[SALT_BYTES];
        random.nextBytes(salt);
        byte[] hash = argon2.hash(Variant.ARGON2ID, password.getBytes(StandardCharsets.UTF_8), salt, cost, HASH_BYTES);
        return "$argon2id$v=19$m=" + cost.memoryKiB() + ",t=" + cost.iterations() + ",p=" + cost.lanes()
                + "$" + B64.encodeToString(salt) + "$" + B64.encodeToString(hash);
    }

    /**
     * Whether the password matches the PHC string. The comparison is constant-time; a malformed stored
     * string never matches.
     */
    public boolean verify(String password, String phc) {
        if (phc != null && phc.startsWith("{")) {
            // A hash imported in another scheme, kept until the next successful login replaces it.
            return PasswordSchemes.verify(password, phc);
        }
        return verifyPhc(password, phc, Variant.ARGON2ID, argon2);
    }

    /**
     * Whether a stored hash should be replaced by a new Argon2id hash at the next successful login: any
     * hash in another scheme ({@link PasswordSchemes}), or one that is not a well-formed Argon2id string.
     */
    public boolean needsUpgrade(String storedHash) {
        return parse(storedHash, Variant.ARGON2ID) == null;
    }

    /** Verifies a PHC string of the given Argon2 variant. */
    static boolean verifyPhc(String password, String phc, Variant type) {
        return verifyPhc(password, phc, type, JAVA);
    }

    private static boolean verifyPhc(String password, String phc, Variant type, Argon2Function argon2) {
        Parsed parsed = parse(phc, type);
        if (parsed == null) {
            return false;
        }
        byte[] candidate = argon2.hash(type, password.getBytes(StandardCharsets.UTF_8), parsed.salt, parsed.cost,
                parsed.hash.length);
        return MessageDigest.isEqual(candidate, parsed.hash);
    }

    /** Which Argon2 implementation this hasher computes with, for logs. */
    public String argon2Name() {
        return argon2.name();
    }

    /** Whether the text is a well-formed PHC string of the given Argon2 variant within the accepted bounds. */
    static boolean isPhc(String phc, Variant type) {
        return parse(phc, type) != null;
    }

    private record Parsed(Cost cost, byte[] salt, byte[] hash) {
    }

    private static Parsed parse(String phc, Variant type) {
        if (phc == null) {
            return null;
        }
        String name = type == Variant.ARGON2I ? "argon2i" : "argon2id";
        String[] parts = phc.split("\\$");
        // "", "argon2id", "v=19", "m=..,t=..,p=..", salt, hash
        if (parts.length != 6 || !parts[0].isEmpty() || !parts[1].equals(name) || !parts[2].equals("v=19")) {
            return null;
        }
        try {
            int m = -1;
            int t = -1;
            int p = -1;
            for (String kv : parts[3].split(",")) {
                String[] pair = kv.split("=", 2);
                if (pair.length != 2) {
                    return null;
                }
                int value = Integer.parseInt(pair[1]);
                switch (pair[0]) {
                    case "m" -> m = value;
                    case "t" -> t = value;
                    case "p" -> p = value;
                    default -> {
                        return null;
                    }
                }
            }
            // Bounds keep a tampered hash from turning a login into a memory or CPU bomb.
            if (m < 8 || m > 1024 * 1024 || t < 1 || t > 64 || p < 1 || p > 16) {
                return null;
            }
            byte[] salt = B64D.decode(parts[4]);
            byte[] hash = B64D.decode(parts[5]);
            if (salt.length < 8 || hash.length < 16 || hash.length > 64) {
                return null;
            }
            return new Parsed(new Cost(m, t, p), salt, hash);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
