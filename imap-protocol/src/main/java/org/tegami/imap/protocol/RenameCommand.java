package org.tegami.imap.protocol;

/** RENAME (RFC 9051 §6.3.6). */
public record RenameCommand(String tag, String from, String to) implements ImapCommand {

    /** RFC 9051 §9: rename = "RENAME" SP mailbox SP mailbox. */
    static RenameCommand parse(String tag, CommandReader in) {
        in.expectSpace("Missing mailbox name");
        String from = in.readMailbox();
        in.expectSpace("Missing new mailbox name");
        String to = in.readAstring("Missing new mailbox name");
        return new RenameCommand(tag, from, to);
    }
}
