package org.tegami.imap.protocol;

/** UNSELECT (RFC 9051 §6.4.2). */
public record UnselectCommand(String tag) implements ImapCommand {
}
