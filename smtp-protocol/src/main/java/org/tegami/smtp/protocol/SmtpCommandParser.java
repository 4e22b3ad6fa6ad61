package org.tegami.smtp.protocol;

/**
 * Parses one SMTP/LMTP command line (without CRLF) following RFC 5321 §4.1 and the parameter grammar of
 * the extensions offered. Pure and total: any input gives a result, never an exception.
 */
public final class SmtpCommandParser {

    private final SmtpLimits limits;

    public SmtpCommandParser(SmtpLimits limits) {
        this.limits = limits;
    }

    public SmtpParseResult parse(byte[] line) {
        throw new UnsupportedOperationException("to be implemented");
    }
}
