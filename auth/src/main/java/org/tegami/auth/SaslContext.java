package org.tegami.auth;

import java.net.InetAddress;
import org.tegami.store.LoginProtocol;

/**
 * What a SASL mechanism may know of the connection it runs on: the protocol's service name (RFC 4422 §4,
 * {@code imap} or {@code smtp}), whether TLS protects it, the channel-binding data its TLS layer can give
 * (RFC 5056), and the client's address. Mechanisms use the first three to decide whether they are offered
 * at all; the service and the address tell which app passwords apply and go into the log line of each
 * login ({@link #loginSource()}).
 */
public record SaslContext(String service, boolean tls, ChannelBindings channelBindings, InetAddress clientAddress) {

    public SaslContext {
        if (LoginProtocol.fromWord(service).isEmpty()) {
            throw new IllegalArgumentException("unknown SASL service " + service);
        }
        if (!tls && !channelBindings.isEmpty()) {
            throw new IllegalArgumentException("channel bindings need TLS");
        }
        if (clientAddress == null) {
            throw new IllegalArgumentException("the client address is required");
        }
    }

    /** A cleartext connection: nothing that sends a password or a password equivalent is offered. */
    public static SaslContext cleartext(String service, InetAddress clientAddress) {
        return new SaslContext(service, false, ChannelBindings.NONE, clientAddress);
    }

    /** The protocol the service name stands for. */
    public LoginProtocol protocol() {
        return LoginProtocol.fromWord(service).orElseThrow();
    }

    /** Where a login on this connection comes from, for the credential check and the log. */
    public LoginSource loginSource() {
        return new LoginSource(protocol(), clientAddress);
    }
}
