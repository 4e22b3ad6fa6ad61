package org.tegami.imap.protocol;

/** CAPABILITY (RFC 9051 §6.1.1). */
public record CapabilityCommand(String tag) implements ImapCommand {
}
