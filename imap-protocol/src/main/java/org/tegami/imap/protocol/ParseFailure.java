package org.tegami.imap.protocol;

/**
 * A syntax error found while reading a frame. Raised by {@link CommandReader} and the grammar methods,
 * caught only by {@link CommandParser#parse}, which turns it into {@link ParseResult.Invalid}. Its message
 * is written for the client (never contains client data). No stack trace: it is control flow, not a bug.
 */
final class ParseFailure extends RuntimeException {

    ParseFailure(String clientMessage) {
        super(clientMessage, null, false, false);
    }
}
