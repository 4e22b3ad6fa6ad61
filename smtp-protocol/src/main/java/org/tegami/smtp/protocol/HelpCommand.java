package org.tegami.smtp.protocol;

/** HELP (RFC 5321 §4.1.1.8). */
public record HelpCommand() implements SmtpCommand {
}
