package org.tegami.imap.protocol;

/** EXPUNGE (RFC 9051 §6.4.3). */
public record ExpungeCommand(String tag) implements ImapCommand {
}
