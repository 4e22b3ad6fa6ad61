package org.tegami.smtp.protocol;

/**
 * RCPT TO (RFC 5321 §4.1.1.3): the forward-path without angle brackets (source routes removed, per
 * RFC 5321 §4.1.1.3 they must be accepted and may be ignored; {@code Postmaster} kept as sent) and its parameters.
 */
public record RcptCommand(String forwardPath, RcptParameters parameters) implements SmtpCommand {
}
