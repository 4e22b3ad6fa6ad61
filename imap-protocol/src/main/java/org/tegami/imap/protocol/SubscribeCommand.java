package org.tegami.imap.protocol;

/** SUBSCRIBE (RFC 9051 §6.3.7). {@code mailbox} is the name as sent (astring decoded as UTF-8; modified UTF-7 is decoded by the session). */
public record SubscribeCommand(String tag, String mailbox) implements ImapCommand {

    /** RFC 9051 §9: subscribe = "SUBSCRIBE" SP mailbox. */
    static SubscribeCommand parse(String tag, CommandReader in) {
        in.expectSpace("Missing mailbox name");
        return new SubscribeCommand(tag, in.readMailbox());
    }
}
