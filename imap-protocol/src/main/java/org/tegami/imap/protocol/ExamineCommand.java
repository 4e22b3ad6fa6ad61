package org.tegami.imap.protocol;

/** EXAMINE (RFC 9051 §6.3.3). {@code mailbox} is the name as sent (astring decoded as UTF-8; modified UTF-7 is decoded by the session). */
public record ExamineCommand(String tag, String mailbox) implements ImapCommand {
}
