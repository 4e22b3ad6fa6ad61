package org.tegami.smtp.protocol;

/** LHLO (RFC 2033 §4.1): LMTP's greeting, otherwise like EHLO. */
public record LhloCommand(String domain) implements SmtpCommand {
}
