package org.tegami.store;

/** Which part of a message's searchable text a SEARCH key looks in (RFC 9051 §6.4.4). */
public enum TextPart {
    /** The decoded body text: BODY. */
    BODY,
    /** The decoded header fields, names and values: HEADER. */
    HEADERS,
    /** Either: TEXT. */
    ANY
}
