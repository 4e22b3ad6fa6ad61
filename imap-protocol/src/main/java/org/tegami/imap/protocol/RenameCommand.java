package org.tegami.imap.protocol;

/** RENAME (RFC 9051 §6.3.6). */
public record RenameCommand(String tag, String from, String to) implements ImapCommand {
}
