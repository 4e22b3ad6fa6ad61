package org.tegami.imap.protocol;

/**
 * Every input limit of the IMAP server, each named with its unit. Enforced at the earliest layer:
 * the framer refuses an oversized line or literal before reading it; the parser refuses deep nesting
 * and long sequence sets before building them.
 *
 * @param maxLineBytes              longest line, or line segment between literals, without its CRLF
 * @param maxLiteralBytesBeforeAuth largest literal accepted before authentication
 * @param maxLiteralBytes           largest literal accepted after authentication, except APPEND's message literal
 * @param appendLimitBytes          largest message APPEND accepts (advertised as APPENDLIMIT, RFC 7889)
 * @param maxCommandBytes           largest whole command including all its literals (bounds MULTIAPPEND)
 * @param maxNestingDepth           deepest nesting of parenthesised lists and SEARCH keys
 * @param maxSequenceRanges         most ranges in one sequence set
 */
public record ImapLimits(
        int maxLineBytes,
        int maxLiteralBytesBeforeAuth,
        int maxLiteralBytes,
        long appendLimitBytes,
        long maxCommandBytes,
        int maxNestingDepth,
        int maxSequenceRanges) {

    public static final ImapLimits DEFAULTS = new ImapLimits(
            64 * 1024, 8 * 1024, 1024 * 1024, 64L * 1024 * 1024, 160L * 1024 * 1024, 32, 10_000);
}
