package org.tegami.smtp.protocol;

/**
 * RCPT TO (RFC 5321 §4.1.1.3): the forward-path without angle brackets (source routes removed, per
 * RFC 5321 §4.1.1.3 they must be accepted and may be ignored; {@code Postmaster} kept as sent) and its parameters.
 */
public record RcptCommand(String forwardPath, RcptParameters parameters) implements SmtpCommand {

    /** {@code argument}: the text after "RCPT ". rcpt = "RCPT TO:" ( "<Postmaster@" Domain ">" / "<Postmaster>" / Forward-path ) [SP Rcpt-parameters]. */
    static RcptCommand parse(String argument) {
        if (!Ascii.startsWithIgnoreCase(argument, 0, "TO:")) {
            throw new ParseFailure(501, "5.5.2", "Syntax: RCPT TO:<address>");
        }
        // Lenient: many clients write "RCPT TO: <address>" with a space after the colon.
        int start = SmtpCommandParser.skipSpaces(argument, 3);
        if (start == argument.length()) {
            throw new ParseFailure(501, "5.5.2", "Syntax: RCPT TO:<address>");
        }
        SmtpPath.Read path = SmtpPath.read(argument, start, SmtpPath.Role.RECIPIENT);
        return new RcptCommand(path.mailbox(), RcptParameters.parse(EsmtpParameter.readAll(argument, path.end())));
    }

    /**
     * Whether the forward-path has non-ASCII characters, allowed only in a transaction whose MAIL carried
     * SMTPUTF8 (RFC 6531 §3.4). The parser cannot know that; the server answers
     * {@link SmtpCommandParser#NON_ASCII_ADDRESS} when this is true and the transaction is not SMTPUTF8.
     */
    public boolean requiresSmtpUtf8() {
        return !Ascii.isAscii(forwardPath);
    }
}
