package org.tegami.store;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.regex.Pattern;

/** The content address of a message's bytes: the lower-case hex SHA-256 of the exact bytes stored. */
public record ContentId(String sha256) {
    private static final Pattern SHA256_HEX = Pattern.compile("[0-9a-f]{64}");

    public ContentId {
        if (!isSha256Hex(sha256)) {
            throw new IllegalArgumentException("not a SHA-256 hex digest");
        }
    }

    /** Whether a name (a file name, an object key) is a content address, so listings can skip other names. */
    public static boolean isSha256Hex(String name) {
        return name != null && SHA256_HEX.matcher(name).matches();
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
