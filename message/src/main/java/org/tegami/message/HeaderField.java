package org.tegami.message;

/** One header field: its name as written and its value unfolded with RFC 2047 encoded words decoded. */
public record HeaderField(String name, String value) {
}
