package org.tegami.imap.protocol;

/** The STORE data item's operation: {@code FLAGS}, {@code +FLAGS} or {@code -FLAGS} (RFC 9051 §6.4.6). */
public enum StoreMode {
    REPLACE, ADD, REMOVE
}
