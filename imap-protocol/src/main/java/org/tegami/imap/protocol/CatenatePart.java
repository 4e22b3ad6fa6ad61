package org.tegami.imap.protocol;

/** One part of an APPEND ... CATENATE (RFC 4469 §5): literal text, or an IMAP URL (as sent) of data to include. */
public sealed interface CatenatePart {

    /** TEXT literal: these bytes as they are. */
    record Text(byte[] bytes) implements CatenatePart {
    }

    /** URL astring: a message or a section of one, named by an IMAP URL (RFC 5092). */
    record Url(String url) implements CatenatePart {
    }
}
