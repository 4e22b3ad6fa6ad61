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
 * @param literalMinus              LITERAL- instead of LITERAL+ (RFC 7888 §5): non-synchronising literals only up
 *                                  to {@link #LITERAL_MINUS_MAX_BYTES} octets
 */
public record ImapLimits(
        int maxLineBytes,
        int maxLiteralBytesBeforeAuth,
        int maxLiteralBytes,
        long appendLimitBytes,
        long maxCommandBytes,
        int maxNestingDepth,
        int maxSequenceRanges,
        boolean literalMinus) {

    /** RFC 7888 §5: the largest non-synchronising literal a LITERAL- server accepts. */
    public static final int LITERAL_MINUS_MAX_BYTES = 4096;

    public static final ImapLimits DEFAULTS = new ImapLimits(
            64 * 1024, 8 * 1024, 1024 * 1024, 64L * 1024 * 1024, 160L * 1024 * 1024, 32, 10_000);

    /** Limits with LITERAL+ (non-synchronising literals of any size allowed by the other limits). */
    public ImapLimits(int maxLineBytes, int maxLiteralBytesBeforeAuth, int maxLiteralBytes, long appendLimitBytes,
                      long maxCommandBytes, int maxNestingDepth, int maxSequenceRanges) {
        this(maxLineBytes, maxLiteralBytesBeforeAuth, maxLiteralBytes, appendLimitBytes, maxCommandBytes,
                maxNestingDepth, maxSequenceRanges, false);
    }

    /** The same limits, with LITERAL- ({@code true}) or LITERAL+. */
    public ImapLimits withLiteralMinus(boolean value) {
        return new ImapLimits(maxLineBytes, maxLiteralBytesBeforeAuth, maxLiteralBytes, appendLimitBytes,
                maxCommandBytes, maxNestingDepth, maxSequenceRanges, value);
    }
}
