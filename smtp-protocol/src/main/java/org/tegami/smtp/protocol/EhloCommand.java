package org.tegami.smtp.protocol;

/** EHLO (RFC 5321 §4.1.1.1): the client's domain or address literal as sent. */
public record EhloCommand(String domain) implements SmtpCommand {
}
