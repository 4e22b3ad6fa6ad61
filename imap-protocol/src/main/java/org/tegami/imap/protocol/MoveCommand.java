package org.tegami.imap.protocol;

/** MOVE / UID MOVE (RFC 9051 §6.4.8, RFC 6851). */
public record MoveCommand(String tag, boolean uid, SequenceSet sequenceSet, String mailbox) implements ImapCommand {
}
