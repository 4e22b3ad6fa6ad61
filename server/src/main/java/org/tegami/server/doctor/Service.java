package org.tegami.server.doctor;

/**
 * One of the four ports a mail client uses.
 *
 * @param implicitTls TLS from the first byte (RFC 8314 §3); otherwise the client upgrades with STARTTLS
 */
public record Service(Protocol protocol, int port, boolean implicitTls) {

    public enum Protocol { IMAP, SMTP }

    /** {@code 993 (IMAP, TLS)}, {@code 587 (SMTP submission, STARTTLS)}. */
    public String label() {
        return port + " (" + (protocol == Protocol.IMAP ? "IMAP" : "SMTP submission") + ", "
                + (implicitTls ? "TLS" : "STARTTLS") + ")";
    }

    /** The listener table that configures this port on a Tegami server. */
    String tegamiListener() {
        return switch (protocol) {
            case IMAP -> implicitTls ? "[imaps]" : "[imap]";
            case SMTP -> implicitTls ? "[submissions]" : "[submission]";
        };
    }
}
