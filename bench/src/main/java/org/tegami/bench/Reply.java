package org.tegami.bench;

import java.util.List;

/**
 * What one command got back: the untagged and continuation responses received while it ran, and
 * the tagged status line.
 */
record Reply(List<String> untagged, String tagged) {

    /** Whether the tagged status is OK (RFC 9051 §7.1). */
    boolean ok() {
        int space = tagged.indexOf(' ');
        return space > 0 && tagged.startsWith("OK ", space + 1);
    }

    /** Throws when the status is not OK, naming the command. */
    Reply expectOk(String command) {
        if (!ok()) {
            throw new ImapException(command + " failed: " + tagged);
        }
        return this;
    }

    /** The number n of the last untagged {@code * n EXISTS}, or -1 when there was none. */
    long exists() {
        long result = -1;
        for (String line : untagged) {
            long n = Responses.existsCount(line);
            if (n >= 0) {
                result = n;
            }
        }
        return result;
    }
}
