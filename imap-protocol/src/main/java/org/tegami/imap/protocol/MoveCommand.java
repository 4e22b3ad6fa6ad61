package org.tegami.imap.protocol;

/** MOVE / UID MOVE (RFC 9051 §6.4.8, RFC 6851). */
public record MoveCommand(String tag, boolean uid, SequenceSet sequenceSet, String mailbox) implements ImapCommand {

    /** RFC 9051 §9: move = "MOVE" SP sequence-set SP mailbox. */
    static MoveCommand parse(String tag, boolean uid, CommandReader in) {
        in.expectSpace("Missing sequence set");
        SequenceSet sequenceSet = in.readSequenceSet();
        in.expectSpace("Missing mailbox name");
        return new MoveCommand(tag, uid, sequenceSet, in.readMailbox());
    }
}
