package org.tegami.message;

/** One {@code attribute=value} parameter of Content-Type or Content-Disposition, value decoded from RFC 2231 continuations. */
public record Parameter(String name, String value) {
}
