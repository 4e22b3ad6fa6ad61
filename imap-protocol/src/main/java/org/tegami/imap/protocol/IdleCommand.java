package org.tegami.imap.protocol;

/** IDLE (RFC 9051 §6.3.13); the DONE line that ends it is read by the session, not parsed as a command. */
public record IdleCommand(String tag) implements ImapCommand {
}
