package org.tegami.store;

/**
 * The one error vocabulary of every storage backend. Servers map each {@link Kind} to a protocol
 * response code in exactly one place.
 */
public final class StoreError extends RuntimeException {

    public enum Kind {
        /** The named account, mailbox or message does not exist. */
        NONEXISTENT,
        /** The name is already taken. */
        ALREADY_EXISTS,
        /** The operation can never succeed as asked (e.g. delete INBOX, rename into itself). */
        CANNOT,
        /** A storage limit would be exceeded. */
        OVER_QUOTA,
        /** The message or value is larger than allowed. */
        TOO_BIG,
        /** A limit on a number of things would be exceeded (metadata entries per mailbox, RFC 5464 §4.3). */
        TOO_MANY,
        /** The backend cannot serve now (I/O failure, database unreachable); retry later. */
        UNAVAILABLE,
        /** The data on disk is newer than this build understands. */
        SCHEMA_TOO_NEW
    }

    private final Kind kind;

    public StoreError(Kind kind, String message) {
        super(message);
        this.kind = kind;
    }

    public StoreError(Kind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }
}
