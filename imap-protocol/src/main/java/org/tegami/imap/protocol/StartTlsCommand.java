package org.tegami.imap.protocol;

/** STARTTLS (RFC 9051 §6.2.1). */
public record StartTlsCommand(String tag) implements ImapCommand {
}
