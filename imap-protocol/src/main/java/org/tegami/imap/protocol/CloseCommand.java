package org.tegami.imap.protocol;

/** CLOSE (RFC 9051 §6.4.1). */
public record CloseCommand(String tag) implements ImapCommand {
}
