package org.tegami.imap.protocol;

/** STATUS data items (RFC 9051 §6.3.11; RECENT from RFC 3501; HIGHESTMODSEQ from RFC 7162 §3.1.7). */
public enum StatusItem {
    MESSAGES, UIDNEXT, UIDVALIDITY, UNSEEN, DELETED, SIZE, RECENT, HIGHESTMODSEQ
}
