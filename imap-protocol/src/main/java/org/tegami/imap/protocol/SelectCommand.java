package org.tegami.imap.protocol;

/** SELECT (RFC 9051 §6.3.2). {@code mailbox} is the name as sent (astring decoded as UTF-8; modified UTF-7 is decoded by the session). */
public record SelectCommand(String tag, String mailbox, SelectParameters parameters) implements ImapCommand {

    public SelectCommand(String tag, String mailbox) {
        this(tag, mailbox, SelectParameters.NONE);
    }

    /** RFC 9051 §9: select = "SELECT" SP mailbox [select-params]; the parameters are CONDSTORE and QRESYNC (RFC 7162 §7). */
    static SelectCommand parse(String tag, CommandReader in) {
        in.expectSpace("Missing mailbox name");
        String mailbox = in.readMailbox();
        return new SelectCommand(tag, mailbox, SelectParameters.parse(in));
    }
}
