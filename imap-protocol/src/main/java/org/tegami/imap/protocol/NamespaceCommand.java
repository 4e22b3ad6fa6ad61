package org.tegami.imap.protocol;

/** NAMESPACE (RFC 9051 §6.3.10). */
public record NamespaceCommand(String tag) implements ImapCommand {
}
