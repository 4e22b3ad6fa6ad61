package org.tegami.imap.protocol;

/** LOGOUT (RFC 9051 §6.1.3). */
public record LogoutCommand(String tag) implements ImapCommand {
}
