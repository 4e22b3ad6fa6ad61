package org.tegami.smtp.protocol;

/** DATA (RFC 5321 §4.1.1.4). */
public record DataCommand() implements SmtpCommand {
}
