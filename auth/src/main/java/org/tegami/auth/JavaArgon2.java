package org.tegami.auth;

import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;

/** Argon2 computed in Java by Bouncy Castle, optionally reusing its memory blocks between hashes. */
public final class JavaArgon2 implements Argon2Function {

    /** Argon2 memory blocks kept between hashes for reuse; null: each hash allocates its own. */
    private final Argon2BytesGenerator.BlockPool blocks;

    /** Each hash allocates its own memory. */
    public JavaArgon2() {
        this.blocks = null;
    }

    /**
     * Keeps up to {@code reusedMemoryKiB} of Argon2 memory between hashes (Bouncy Castle's
     * {@code FixedBlockPool}, cleared on return) instead of allocating each hash's memory anew: each login
     * would otherwise leave its memory cost as garbage on the heap, and a burst of logins makes the JVM grow
     * the heap, and the process's resident memory, far beyond what the sessions hold.
     */
    public JavaArgon2(int reusedMemoryKiB) {
        // Argon2 memory is made of 1 KiB blocks (RFC 9106 §3.1).
        this.blocks = new Argon2BytesGenerator.FixedBlockPool(reusedMemoryKiB);
    }

    @Override
    public byte[] hash(Variant variant, byte[] password, byte[] salt, PasswordHasher.Cost cost, int length) {
        Argon2Parameters.Builder builder = new Argon2Parameters.Builder(
                variant == Variant.ARGON2I ? Argon2Parameters.ARGON2_i : Argon2Parameters.ARGON2_id);
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
        generator.generateBytes(password, out);
        return out;
    }

    @Override
    public String name() {
        return "Bouncy Castle (Java)";
    }
}
