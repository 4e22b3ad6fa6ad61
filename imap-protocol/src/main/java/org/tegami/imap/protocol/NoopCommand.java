package org.tegami.imap.protocol;

/** NOOP (RFC 9051 §6.1.2). */
public record NoopCommand(String tag) implements ImapCommand {
}
