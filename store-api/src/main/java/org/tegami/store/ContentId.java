package org.tegami.store;

/** The content address of a message's bytes: the lower-case hex SHA-256 of the exact bytes stored. */
public record ContentId(String sha256) {
    public ContentId {
        if (sha256 == null || !sha256.matches("[0-9a-f]{64}")) {
            throw new IllegalArgumentException("not a SHA-256 hex digest");
        }
    }
}
