package org.tegami.store;

/** A mailbox's UIDVALIDITY: changes only when its UIDs cannot be kept (RFC 9051 §2.3.1.1). */
public record UidValidity(long value) {
}
