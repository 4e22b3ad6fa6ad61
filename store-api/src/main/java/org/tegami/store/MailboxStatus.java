package org.tegami.store;

/**
 * Counters of a mailbox for STATUS and SELECT: message count, unseen and deleted counts, total size in
 * octets, the next UID, UIDVALIDITY and HIGHESTMODSEQ, and the number of messages not yet claimed as
 * recent by any session ({@code \Recent}, RFC 3501 only).
 */
public record MailboxStatus(
        long messages,
        long unseen,
        long deleted,
        long sizeOctets,
        long recent,
        long uidNext,
        UidValidity uidValidity,
        ModSeq highestModSeq) {
}
