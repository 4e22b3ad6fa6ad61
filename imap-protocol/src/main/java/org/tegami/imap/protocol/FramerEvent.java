package org.tegami.imap.protocol;

/** What {@link CommandFramer} produces from the bytes it is fed. */
public sealed interface FramerEvent {

    /**
     * One complete command as received: its line(s) with every literal embedded exactly as sent
     * ({@code {n}CRLF} or {@code {n+}CRLF} or {@code ~{n}CRLF} followed by the n bytes), without the final CRLF.
     */
    record Frame(byte[] bytes) implements FramerEvent {
    }

    /** A synchronising literal was announced and accepted: the server must send {@code + } now (RFC 9051 §7.5). */
    record LiteralContinuation() implements FramerEvent {
    }

    /**
     * The command was refused before its bytes were read. {@code tag} when it could be read;
     * {@code fatal} means the connection cannot be resynchronised and must be closed after answering.
     */
    record Rejected(String tag, Problem problem, boolean fatal, String message) implements FramerEvent {
    }

    enum Problem {
        /** A line (segment) exceeded maxLineBytes. */
        LINE_TOO_LONG,
        /** A literal exceeded the literal limit for the session's state. */
        LITERAL_TOO_LARGE,
        /** An APPEND message literal exceeded appendLimitBytes (answer NO [TOOBIG], RFC 7889). */
        APPEND_TOO_LARGE,
        /** The whole command exceeded maxCommandBytes. */
        COMMAND_TOO_LARGE,
        /** A literal announcement was malformed (e.g. {@code {abc}}). */
        BAD_LITERAL
    }
}
