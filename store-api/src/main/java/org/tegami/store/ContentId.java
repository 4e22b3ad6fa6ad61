package org.tegami.store;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** The content address of a message's bytes: the lower-case hex SHA-256 of the exact bytes stored. */
public record ContentId(String sha256) {
    public ContentId {
        if (sha256 == null || !sha256.matches("[0-9a-f]{64}")) {
            throw new IllegalArgumentException("not a SHA-256 hex digest");
        }
    }

    /** The address of some bytes, computed without storing them. */
    public static ContentId of(byte[] content) {
        try {
            return new ContentId(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
