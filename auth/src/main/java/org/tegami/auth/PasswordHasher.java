package org.tegami.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;

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

    private final Cost cost;
    private final SecureRandom random;
    /** Argon2 memory blocks kept between hashes for reuse; null: each hash allocates its own. */
    private final Argon2BytesGenerator.BlockPool blocks;

    public PasswordHasher(Cost cost, SecureRandom random) {
        this.cost = cost;
        this.random = random;
        this.blocks = null;
    }

    /**
     * A hasher that keeps up to {@code reusedMemoryKiB} of Argon2 memory between hashes (Bouncy Castle's
     * {@code FixedBlockPool}, cleared on return) instead of allocating each hash's memory anew. A server
     * verifying logins passes as much as its hashing threads use at once: each login would otherwise leave
     * {@code memoryKiB} of garbage on the heap, and a burst of logins makes the JVM grow the heap, and the
     * process's resident memory, far beyond what the sessions hold.
     */
    public PasswordHasher(Cost cost, SecureRandom random, int reusedMemoryKiB) {
        this.cost = cost;
        this.random = random;
        // Argon2 memory is made of 1 KiB blocks (RFC 9106 §3.1).
        this.blocks = new Argon2BytesGenerator.FixedBlockPool(reusedMemoryKiB);
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
        byte[] hash = derive(Argon2Parameters.ARGON2_id, password, salt, cost, HASH_BYTES, blocks);
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
        return verifyPhc(password, phc, Argon2Parameters.ARGON2_id, blocks);
    }

    /**
     * Whether a stored hash should be replaced by a new Argon2id hash at the next successful login: any
     * hash in another scheme ({@link PasswordSchemes}), or one that is not a well-formed Argon2id string.
     */
    public boolean needsUpgrade(String storedHash) {
        return parse(storedHash, Argon2Parameters.ARGON2_id) == null;
    }

    /** Verifies a PHC string of the given Argon2 type ({@code Argon2Parameters.ARGON2_id} or {@code _i}). */
    static boolean verifyPhc(String password, String phc, int type) {
        return verifyPhc(password, phc, type, null);
    }

    private static boolean verifyPhc(String password, String phc, int type, Argon2BytesGenerator.BlockPool blocks) {
        Parsed parsed = parse(phc, type);
        if (parsed == null) {
            return false;
        }
        byte[] candidate = derive(type, password, parsed.salt, parsed.cost, parsed.hash.length, blocks);
        return MessageDigest.isEqual(candidate, parsed.hash);
    }

    /** Whether the text is a well-formed PHC string of the given Argon2 type within the accepted bounds. */
    static boolean isPhc(String phc, int type) {
        return parse(phc, type) != null;
    }

    private record Parsed(Cost cost, byte[] salt, byte[] hash) {
    }

    private static Parsed parse(String phc, int type) {
        if (phc == null) {
            return null;
        }
        String name = type == Argon2Parameters.ARGON2_i ? "argon2i" : "argon2id";
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

    private static byte[] derive(int type, String password, byte[] salt, Cost cost, int length,
                                 Argon2BytesGenerator.BlockPool blocks) {
        Argon2Parameters.Builder builder = new Argon2Parameters.Builder(type);
        if (blocks != null) {
            builder.withBlockPool(blocks);
        }
        Argon2Parameters parameters = builder
                .withVersion(Argon2Parameters.ARGON2_VERSION_13)
                .withMemoryAsKB(cost.memoryKiB())
                .withIterations(cost.iterations())
                .withParallelism(cost.lanes())
                .withSalt(salt)
                .build();
        Argon2BytesGenerator generator = new Argon2BytesGenerator();
        generator.init(parameters);
        byte[] out = new byte[length];
        generator.generateBytes(password.getBytes(StandardCharsets.UTF_8), out);
        return out;
    }
}
