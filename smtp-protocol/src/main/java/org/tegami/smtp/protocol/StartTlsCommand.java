package org.tegami.smtp.protocol;

/** STARTTLS (RFC 3207). */
public record StartTlsCommand() implements SmtpCommand {
}
