package org.tegami.imap.protocol;

/** What {@link CommandParser#parse} makes of one frame: a command, or a syntax error to answer with BAD. */
public sealed interface ParseResult {

    record Parsed(ImapCommand command) implements ParseResult {
    }

    /**
     * The frame is not a valid command. {@code tag} is the tag when one could be read (the answer is then
     * a tagged BAD), otherwise {@code null} (answer {@code * BAD}). {@code message} is safe to send to the client.
     */
    record Invalid(String tag, String message) implements ParseResult {
    }
}
