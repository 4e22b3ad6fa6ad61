package org.tegami.imap.protocol;

/**
 * STATUS data items (RFC 9051 §6.3.11; RECENT from RFC 3501; HIGHESTMODSEQ from RFC 7162 §3.1.7; MAILBOXID from
 * RFC 8474 §4.3; DELETED-STORAGE from RFC 9208 §4.2).
 */
public enum StatusItem {
    MESSAGES, UIDNEXT, UIDVALIDITY, UNSEEN, DELETED, SIZE, RECENT, HIGHESTMODSEQ, MAILBOXID, DELETED_STORAGE;

    /** The item's name on the wire. */
    public String atom() {
        return name().replace('_', '-');
    }
}
