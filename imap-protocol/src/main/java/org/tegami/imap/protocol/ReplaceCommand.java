package org.tegami.imap.protocol;

/**
 * REPLACE / UID REPLACE (RFC 8508 §3): the message named by sequence number (or UID) is replaced by a new one,
 * appended to {@code mailbox} (the name as sent).
 */
public record ReplaceCommand(String tag, boolean uid, long message, String mailbox, AppendMessage replacement)
        implements ImapCommand {

    /**
     * RFC 8508 §6: replace = "REPLACE" SP seq-number SP mailbox append-message; uid-replace = "UID" SP replace,
     * where the number is a UID. {@code *} is not a seq-number here: RFC 8508 names one existing message.
     */
    static ReplaceCommand parse(String tag, boolean uid, CommandReader in) {
        in.expectSpace("Missing message number");
        long message = in.readNzNumber("Invalid message number");
        in.expectSpace("Missing mailbox name");
        String mailbox = in.readMailbox();
        return new ReplaceCommand(tag, uid, message, mailbox, AppendCommand.parseMessage(in));
    }
}
