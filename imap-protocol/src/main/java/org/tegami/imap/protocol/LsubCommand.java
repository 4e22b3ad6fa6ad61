package org.tegami.imap.protocol;

/** LSUB (RFC 3501 §6.3.9; IMAP4rev1 only). */
public record LsubCommand(String tag, String reference, String pattern) implements ImapCommand {

    /** RFC 3501 §9: lsub = "LSUB" SP mailbox SP list-mailbox. */
    static LsubCommand parse(String tag, CommandReader in) {
        in.expectSpace("Missing reference name");
        String reference = in.readMailbox();
        in.expectSpace("Missing mailbox pattern");
        return new LsubCommand(tag, reference, in.readListMailbox());
    }
}
