package org.tegami.smtp.protocol;

/** MAIL FROM (RFC 5321 §4.1.1.2): the reverse-path without angle brackets (empty for {@code <>}) and its parameters. */
public record MailCommand(String reversePath, MailParameters parameters) implements SmtpCommand {

    /** {@code argument}: the text after "MAIL ". mail = "MAIL FROM:" Reverse-path [SP Mail-parameters] (RFC 5321 §4.1.1.2). */
    static MailCommand parse(String argument) {
        if (!Ascii.startsWithIgnoreCase(argument, 0, "FROM:")) {
            throw new ParseFailure(501, "5.5.2", "Syntax: MAIL FROM:<address>");
        }
        // Lenient: many clients write "MAIL FROM: <address>" with a space after the colon.
        int start = SmtpCommandParser.skipSpaces(argument, 5);
        if (start == argument.length()) {
            throw new ParseFailure(501, "5.5.2", "Syntax: MAIL FROM:<address>");
        }
        SmtpPath.Read path = SmtpPath.read(argument, start, SmtpPath.Role.SENDER);
        MailParameters parameters = MailParameters.parse(EsmtpParameter.readAll(argument, path.end()));
        // RFC 6531 §3.4: non-ASCII in the envelope only with the SMTPUTF8 parameter; §3.5: else 553 5.6.7
        if (!parameters.smtpUtf8() && !Ascii.isAscii(path.mailbox())) {
            throw new ParseFailure(SmtpCommandParser.NON_ASCII_ADDRESS);
        }
        return new MailCommand(path.mailbox(), parameters);
    }
}
