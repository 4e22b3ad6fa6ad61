package org.tegami.smtp.protocol;

/** HELO (RFC 5321 §4.1.1.1). */
public record HeloCommand(String domain) implements SmtpCommand {
}
