package org.tegami.store;

/**
 * The hash functions SCRAM credentials are kept for: SCRAM-SHA-1 (RFC 5802) and SCRAM-SHA-256 (RFC 7677).
 * The names are stored by backends; never rename a constant.
 */
public enum ScramHash {
    SHA_1("SHA-1", "HmacSHA1", 20),
    SHA_256("SHA-256", "HmacSHA256", 32);

    private final String digestAlgorithm;
    private final String hmacAlgorithm;
    private final int length;

    ScramHash(String digestAlgorithm, String hmacAlgorithm, int length) {
        this.digestAlgorithm = digestAlgorithm;
        this.hmacAlgorithm = hmacAlgorithm;
        this.length = length;
    }

    /** The JCA name of H() (RFC 5802 §2.2). */
    public String digestAlgorithm() {
        return digestAlgorithm;
    }

    /** The JCA name of HMAC() (RFC 5802 §2.2). */
    public String hmacAlgorithm() {
        return hmacAlgorithm;
    }

    /** Output length of H() and HMAC() in bytes: the length of StoredKey and ServerKey. */
    public int length() {
        return length;
    }
}
