package org.tegami.imap.protocol;

/**
 * Modified UTF-7 mailbox names (RFC 3501 §5.1.3), used with clients that have not enabled IMAP4rev2
 * or UTF8=ACCEPT.
 */
public final class ModifiedUtf7 {
    private ModifiedUtf7() {
    }

    /** Encodes a Unicode name to modified UTF-7. */
    public static String encode(String name) {
        throw new UnsupportedOperationException("to be implemented");
    }

    /** Decodes a modified UTF-7 name; throws IllegalArgumentException if it is not valid modified UTF-7. */
    public static String decode(String name) {
        throw new UnsupportedOperationException("to be implemented");
    }
}
