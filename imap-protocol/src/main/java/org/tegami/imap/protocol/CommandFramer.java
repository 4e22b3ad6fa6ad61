package org.tegami.imap.protocol;

import java.util.List;

/**
 * Splits the client's byte stream into command frames (RFC 9051 §2.2, §4.3 literals, RFC 7888 LITERAL+),
 * enforcing {@link ImapLimits} before buffering: a line longer than maxLineBytes, or a literal larger
 * than allowed for the current state, is refused as soon as its announcement is read. Pure: no I/O.
 * Not thread-safe; one per connection.
 */
public final class CommandFramer {

    private final ImapLimits limits;

    public CommandFramer(ImapLimits limits) {
        this.limits = limits;
        throw new UnsupportedOperationException("to be implemented");
    }

    /** Chooses the literal limit: maxLiteralBytesBeforeAuth until authenticated, then maxLiteralBytes. */
    public void setAuthenticated(boolean authenticated) {
        throw new UnsupportedOperationException("to be implemented");
    }

    /** Feeds received bytes; returns the events they complete, in order (often none). */
    public List<FramerEvent> feed(byte[] data, int offset, int length) {
        throw new UnsupportedOperationException("to be implemented");
    }

    /** Forgets any partial frame (after STARTTLS, pipelined cleartext must never be executed). */
    public void reset() {
        throw new UnsupportedOperationException("to be implemented");
    }
}
