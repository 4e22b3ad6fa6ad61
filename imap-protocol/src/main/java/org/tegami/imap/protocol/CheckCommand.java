package org.tegami.imap.protocol;

/** CHECK (RFC 3501 §6.4.1; IMAP4rev1 only). */
public record CheckCommand(String tag) implements ImapCommand {
}
