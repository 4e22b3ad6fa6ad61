package org.tegami.smtp.protocol;

/** QUIT (RFC 5321 §4.1.1.10). */
public record QuitCommand() implements SmtpCommand {
}
