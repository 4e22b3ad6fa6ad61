package org.tegami.smtp.protocol;

/** AUTH (RFC 4954 §4): mechanism (upper-cased) and the initial response as sent: base64, {@code =} for empty, or null when absent. */
public record AuthCommand(String mechanism, String initialResponse) implements SmtpCommand {
}
