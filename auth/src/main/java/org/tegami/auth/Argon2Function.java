package org.tegami.auth;

/**
 * Argon2 (RFC 9106, version 0x13) as a function from password, salt and cost to raw hash octets. Two
 * implementations compute the same octets: {@link JavaArgon2} (Bouncy Castle, always there) and
 * {@link LibArgon2} (the reference C library, when the system has it), which is what password-hashing cost
 * is measured against elsewhere.
 */
public interface Argon2Function {

    /** The Argon2 variant; stored hashes say which one made them. */
    enum Variant {
        /** Argon2i: data-independent memory access. Only read, from imported hashes. */
        ARGON2I,
        /** Argon2id: what every new hash uses. */
        ARGON2ID
    }

    /** The raw hash of {@code length} octets. */
    byte[] hash(Variant variant, byte[] password, byte[] salt, PasswordHasher.Cost cost, int length);

    /** A short name for logs. */
    String name();
}
