package org.tegami.imap.protocol;

/** UID EXPUNGE (RFC 9051 §6.4.9, RFC 4315 §2.1). */
public record UidExpungeCommand(String tag, SequenceSet uids) implements ImapCommand {
}
