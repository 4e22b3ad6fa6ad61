package org.tegami.smtp.protocol;

/** What {@link SmtpCommandParser#parse} makes of one command line. */
public sealed interface SmtpParseResult {

    record Parsed(SmtpCommand command) implements SmtpParseResult {
    }

    /** Not a valid command; answer with this reply (500/501/504/555 with an enhanced code). */
    record Invalid(Reply reply) implements SmtpParseResult {
    }
}
