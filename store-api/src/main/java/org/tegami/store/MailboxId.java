package org.tegami.store;

/** Identifies a mailbox; survives RENAME (RFC 9051 §6.3.6 keeps UIDVALIDITY across renames). */
public record MailboxId(long value) {
}
