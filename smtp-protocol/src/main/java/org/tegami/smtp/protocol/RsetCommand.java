package org.tegami.smtp.protocol;

/** RSET (RFC 5321 §4.1.1.5). */
public record RsetCommand() implements SmtpCommand {
}
