package org.tegami.imap.protocol;

/** DELETE (RFC 9051 §6.3.5). {@code mailbox} is the name as sent (astring decoded as UTF-8; modified UTF-7 is decoded by the session). */
public record DeleteCommand(String tag, String mailbox) implements ImapCommand {

    /** RFC 9051 §9: delete = "DELETE" SP mailbox. */
    static DeleteCommand parse(String tag, CommandReader in) {
        in.expectSpace("Missing mailbox name");
        return new DeleteCommand(tag, in.readMailbox());
    }
}
