package org.tegami.imap.protocol;

/** EXAMINE (RFC 9051 §6.3.3). {@code mailbox} is the name as sent (astring decoded as UTF-8; modified UTF-7 is decoded by the session). */
public record ExamineCommand(String tag, String mailbox, SelectParameters parameters) implements ImapCommand {

    public ExamineCommand(String tag, String mailbox) {
        this(tag, mailbox, SelectParameters.NONE);
    }

    /** RFC 9051 §9: examine = "EXAMINE" SP mailbox [select-params]; the parameters are CONDSTORE and QRESYNC (RFC 7162 §7). */
    static ExamineCommand parse(String tag, CommandReader in) {
        in.expectSpace("Missing mailbox name");
        String mailbox = in.readMailbox();
        return new ExamineCommand(tag, mailbox, SelectParameters.parse(in));
    }
}
