package org.tegami.imap.protocol;

/** EXAMINE (RFC 9051 §6.3.3). {@code mailbox} is the name as sent (astring decoded as UTF-8; modified UTF-7 is decoded by the session). */
public record ExamineCommand(String tag, String mailbox) implements ImapCommand {

    /** RFC 9051 §9: examine = "EXAMINE" SP mailbox [select-params]; no select-param is supported yet. */
    static ExamineCommand parse(String tag, CommandReader in) {
        in.expectSpace("Missing mailbox name");
        String mailbox = in.readMailbox();
        if (in.peek() == ' ' && in.peek(1) == '(') {
            throw in.fail("Unsupported EXAMINE parameter");
        }
        return new ExamineCommand(tag, mailbox);
    }
}
