package org.tegami.imap.protocol;

/** LSUB (RFC 3501 §6.3.9; IMAP4rev1 only). */
public record LsubCommand(String tag, String reference, String pattern) implements ImapCommand {
}
