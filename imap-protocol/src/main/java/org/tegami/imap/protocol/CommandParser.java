package org.tegami.imap.protocol;

/**
 * Turns one frame from {@link CommandFramer} into a typed {@link ImapCommand} or a syntax error,
 * following the formal syntax of RFC 9051 §9 (and RFC 3501 for IMAP4rev1-only commands). Pure and
 * total: any byte sequence gives a {@link ParseResult}, never an exception.
 */
public final class CommandParser {

    private final ImapLimits limits;

    public CommandParser(ImapLimits limits) {
        this.limits = limits;
    }

    public ParseResult parse(byte[] frame) {
        throw new UnsupportedOperationException("to be implemented");
    }
}
