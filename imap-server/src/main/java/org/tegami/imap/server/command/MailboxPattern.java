package org.tegami.imap.server.command;

import org.tegami.imap.server.MailboxNames;

/**
 * A LIST/LSUB pattern (RFC 9051 §6.3.9): the reference and the mailbox argument joined, where
 * {@code *} matches anything and {@code %} anything but the hierarchy delimiter. INBOX matches in any case.
 */
final class MailboxPattern {
    private static final char DELIMITER = '/';

    private final String pattern;

    private MailboxPattern(String pattern) {
        this.pattern = pattern;
    }

    static MailboxPattern of(String reference, String mailbox) {
        String joined;
        if (mailbox.startsWith("/") || reference.isEmpty()) {
            joined = mailbox;
        } else {
            // RFC 9051 §6.3.9: the reference is prefixed as is; it normally ends with the delimiter.
            joined = reference + mailbox;
        }
        return new MailboxPattern(canonicalInbox(joined));
    }

    /** INBOX is case-insensitive, so a pattern starting with any spelling of it is compared as INBOX. */
    private static String canonicalInbox(String pattern) {
        if (pattern.length() >= 5 && pattern.regionMatches(true, 0, "INBOX", 0, 5)
                && (pattern.length() == 5 || pattern.charAt(5) == DELIMITER || pattern.charAt(5) == '*'
                || pattern.charAt(5) == '%')) {
            return "INBOX" + pattern.substring(5);
        }
        return pattern;
    }

    boolean matches(String name) {
        return matches(0, MailboxNames.canonical(name), 0);
    }

    private boolean matches(int p, String name, int n) {
        while (p < pattern.length()) {
            char c = pattern.charAt(p);
            if (c == '*' || c == '%') {
                // Try every possible length of the wildcard's match (names are short; patterns few).
                for (int end = n; end <= name.length(); end++) {
                    if (matches(p + 1, name, end)) {
                        return true;
                    }
                    if (end < name.length() && c == '%' && name.charAt(end) == DELIMITER) {
                        return false;
                    }
                }
                return false;
            }
            if (n >= name.length() || name.charAt(n) != c) {
                return false;
            }
            p++;
            n++;
        }
        return n == name.length();
    }
}
