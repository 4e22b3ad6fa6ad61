package org.tegami.bench;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;

/**
 * The benchmark accounts and their password hash. Both servers get the very same Argon2id hash
 * (RFC 9106, PHC string form), so both pay the same cost per password check; the parameters are
 * Tegami's defaults (19 MiB, 2 iterations, 1 lane), which Dovecot (through libsodium) verifies too.
 */
final class Accounts {

    static final int MEMORY_KIB = 19 * 1024;
    static final int ITERATIONS = 2;
    static final int LANES = 1;
    /**
     * The IDLE account's hash is cheap (1 MiB, 1 iteration): idle-scale logs in thousands of sessions to
     * measure what idle sessions cost, not password checks (sessions measures those), and at the
     * default cost its set-up alone would outlast the whole run. Both servers get this hash too.
     */
    static final int IDLE_MEMORY_KIB = 1024;
    static final int IDLE_ITERATIONS = 1;

    private Accounts() {
    }

    /** Every account: the per-client ones, the big mailbox's and the IDLE one. */
    static List<String> addresses(Target target, int clients) {
        List<String> result = new ArrayList<>();
        for (int n = 1; n <= clients; n++) {
            result.add(target.user(n));
        }
        result.add(target.bigUser());
        result.add(target.idleUser());
        return result;
    }

    /** The hash for {@code address}: the default cost, or the cheap one for the IDLE account. */
    static String hashFor(Target target, String address, String password) {
        return address.equals(target.idleUser())
                ? argon2id(password, IDLE_MEMORY_KIB, IDLE_ITERATIONS)
                : argon2id(password, MEMORY_KIB, ITERATIONS);
    }

    /** {@code $argon2id$v=19$m=…,t=…,p=…$salt$hash} of {@code password} with a random salt. */
    static String argon2id(String password, int memoryKiB, int iterations) {
        byte[] salt = new byte[16];
        new SecureRandom().nextBytes(salt);
        Argon2Parameters parameters = new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id)
                .withVersion(Argon2Parameters.ARGON2_VERSION_13)
                .withSalt(salt)
                .withMemoryAsKB(memoryKiB)
                .withIterations(iterations)
                .withParallelism(LANES)
                .build();
        Argon2BytesGenerator generator = new Argon2BytesGenerator();
        generator.init(parameters);
        byte[] hash = new byte[32];
        generator.generateBytes(password.getBytes(StandardCharsets.UTF_8), hash);
        Base64.Encoder b64 = Base64.getEncoder().withoutPadding();
        return "$argon2id$v=19$m=" + memoryKiB + ",t=" + iterations + ",p=" + LANES + "$"
                + b64.encodeToString(salt) + "$" + b64.encodeToString(hash);
    }
}
