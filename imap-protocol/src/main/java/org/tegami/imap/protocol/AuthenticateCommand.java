package org.tegami.imap.protocol;

/**
 * AUTHENTICATE (RFC 9051 §6.2.2) with optional SASL-IR initial response (RFC 4959). {@code mechanism}
 * is upper-cased; {@code initialResponse} is {@code null} when absent, empty for {@code =}, otherwise the
 * base64-decoded bytes (invalid base64 is a syntax error).
 */
public record AuthenticateCommand(String tag, String mechanism, byte[] initialResponse) implements ImapCommand {
}
