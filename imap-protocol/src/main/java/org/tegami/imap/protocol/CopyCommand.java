package org.tegami.imap.protocol;

/** COPY / UID COPY (RFC 9051 §6.4.7). */
public record CopyCommand(String tag, boolean uid, SequenceSet sequenceSet, String mailbox) implements ImapCommand {
}
