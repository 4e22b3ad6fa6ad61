package org.tegami.smtp.server;

/** What a listener is for; it decides what the session offers and accepts. */
public enum SmtpMode {
    /** Message submission (RFC 6409; port 587 with STARTTLS, 465 with implicit TLS, RFC 8314): AUTH required. */
    SUBMISSION,
    /** Inbound relay from the internet (port 25): local recipients only, STARTTLS offered, no AUTH. */
    MX,
    /** LMTP (RFC 2033): delivery from an MTA on a trusted network; per-recipient replies after DATA. */
    LMTP
}
