package org.tegami.smtp.protocol;

/** VRFY (RFC 5321 §4.1.1.6): the argument as sent. */
public record VrfyCommand(String argument) implements SmtpCommand {
}
