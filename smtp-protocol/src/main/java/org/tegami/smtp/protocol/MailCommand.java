package org.tegami.smtp.protocol;

/** MAIL FROM (RFC 5321 §4.1.1.2): the reverse-path without angle brackets (empty for {@code <>}) and its parameters. */
public record MailCommand(String reversePath, MailParameters parameters) implements SmtpCommand {
}
