package org.tegami.auth;

/**
 * What a SASL mechanism may know of the connection it runs on: the protocol's service name (RFC 4422 §4,
 * {@code imap} or {@code smtp}), whether TLS protects it, and the channel-binding data its TLS layer can
 * give (RFC 5056). Mechanisms use it to decide whether they are offered at all.
 */
public record SaslContext(String service, boolean tls, ChannelBindings channelBindings) {

    public SaslContext {
        if (!tls && !channelBindings.isEmpty()) {
            throw new IllegalArgumentException("channel bindings need TLS");
        }
    }

    /** A cleartext connection: nothing that sends a password or a password equivalent is offered. */
    public static SaslContext cleartext(String service) {
        return new SaslContext(service, false, ChannelBindings.NONE);
    }
}
