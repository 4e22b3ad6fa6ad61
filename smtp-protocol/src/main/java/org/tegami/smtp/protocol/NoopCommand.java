package org.tegami.smtp.protocol;

/** NOOP (RFC 5321 §4.1.1.9); its optional argument is ignored. */
public record NoopCommand() implements SmtpCommand {
}
