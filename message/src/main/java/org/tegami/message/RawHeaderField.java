package org.tegami.message;

/** A header field as written: its name, and its value unfolded and trimmed but not decoded. */
record RawHeaderField(String name, String value) {
}
