package org.tegami.smtp.protocol;

/**
 * Input limits of the SMTP services, each named with its unit.
 *
 * @param maxCommandLineBytes longest command line without CRLF (RFC 5321 §4.5.3.1.4 requires at least 512)
 * @param maxMessageBytes     largest message, advertised as SIZE (RFC 1870)
 * @param maxRecipients       most RCPT TO per message (RFC 5321 §4.5.3.1.8 requires at least 100)
 */
public record SmtpLimits(int maxCommandLineBytes, long maxMessageBytes, int maxRecipients) {
    public static final SmtpLimits DEFAULTS = new SmtpLimits(4096, 50L * 1024 * 1024, 100);
}
