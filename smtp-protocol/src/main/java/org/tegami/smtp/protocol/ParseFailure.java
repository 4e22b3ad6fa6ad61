package org.tegami.smtp.protocol;

/**
 * A syntax error found while parsing a command line, carrying the reply to send. Raised by the grammar
 * methods and caught only by {@link SmtpCommandParser#parse}, which turns it into
 * {@link SmtpParseResult.Invalid}. Reply texts never echo client data. No stack trace: it is control flow.
 */
final class ParseFailure extends RuntimeException {

    private final transient Reply reply;

    ParseFailure(Reply reply) {
        super(reply.lines().getFirst(), null, false, false);
        this.reply = reply;
    }

    ParseFailure(int code, String enhancedCode, String text) {
        this(Reply.of(code, enhancedCode, text));
    }

    Reply reply() {
        return reply;
    }
}
