package org.tegami.imap.protocol;

/** UNSUBSCRIBE (RFC 9051 §6.3.8). {@code mailbox} is the name as sent (astring decoded as UTF-8; modified UTF-7 is decoded by the session). */
public record UnsubscribeCommand(String tag, String mailbox) implements ImapCommand {

    /** RFC 9051 §9: unsubscribe = "UNSUBSCRIBE" SP mailbox. */
    static UnsubscribeCommand parse(String tag, CommandReader in) {
        in.expectSpace("Missing mailbox name");
        return new UnsubscribeCommand(tag, in.readMailbox());
    }
}
