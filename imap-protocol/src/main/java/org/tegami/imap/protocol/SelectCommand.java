package org.tegami.imap.protocol;

/** SELECT (RFC 9051 §6.3.2). {@code mailbox} is the name as sent (astring decoded as UTF-8; modified UTF-7 is decoded by the session). */
public record SelectCommand(String tag, String mailbox) implements ImapCommand {

    /** RFC 9051 §9: select = "SELECT" SP mailbox [select-params]; no select-param is supported yet. */
    static SelectCommand parse(String tag, CommandReader in) {
        in.expectSpace("Missing mailbox name");
        String mailbox = in.readMailbox();
        if (in.peek() == ' ' && in.peek(1) == '(') {
            throw in.fail("Unsupported SELECT parameter");
        }
        return new SelectCommand(tag, mailbox);
    }
}
