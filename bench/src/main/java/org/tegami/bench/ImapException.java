package org.tegami.bench;

/** A server answer the load generator did not expect, or a connection that broke. */
final class ImapException extends RuntimeException {
    ImapException(String message) {
        super(message);
    }

    ImapException(String message, Throwable cause) {
        super(message, cause);
    }
}
