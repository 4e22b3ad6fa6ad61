package org.tegami.imap.server;

import org.tegami.store.StoreError;

/** The one place where storage errors become IMAP response codes (RFC 5530, RFC 9051 §7.1). */
final class StoreErrors {
    private StoreErrors() {
    }

    static Outcome outcome(StoreError error) {
        return switch (error.kind()) {
            case NONEXISTENT -> Outcome.no("NONEXISTENT", "No such mailbox or message");
            case ALREADY_EXISTS -> Outcome.no("ALREADYEXISTS", "Mailbox already exists");
            case CANNOT -> Outcome.no("CANNOT", safe(error.getMessage(), "Operation not possible"));
            case OVER_QUOTA -> Outcome.no("OVERQUOTA", "Quota exceeded");
            case TOO_BIG -> Outcome.no("TOOBIG", "Too big");
            // RFC 5464 §4.3: only metadata entries have a count limit in the store.
            case TOO_MANY -> Outcome.no("METADATA TOOMANY", "Too many metadata entries");
            case UNAVAILABLE, SCHEMA_TOO_NEW -> Outcome.no("UNAVAILABLE", "Storage temporarily unavailable");
        };
    }

    /** CANNOT messages are written by the store for users ("Cannot delete INBOX"); keep them printable. */
    private static String safe(String message, String fallback) {
        if (message == null || message.isBlank() || message.length() > 200) {
            return fallback;
        }
        return message.replaceAll("[^\\x20-\\x7e]", "?");
    }
}
