package org.tegami.smtp.server.outbound;

import java.net.InetSocketAddress;
import java.util.Optional;

/**
 * One address of a next hop to try.
 *
 * @param name        the host name certificates are checked against (an MX target, the smarthost, or an
 *                    address literal)
 * @param address     where to connect
 * @param tls         what TLS the connection needs
 * @param credentials for AUTH PLAIN, smarthosts only
 */
record Peer(String name, InetSocketAddress address, Tls tls, Optional<Credentials> credentials) {

    enum Tls {
        /** STARTTLS when offered, any certificate; plain text otherwise (RFC 7435). */
        OPPORTUNISTIC,
        /** STARTTLS must be offered and the certificate must verify against {@code name}. */
        STARTTLS_VERIFIED,
        /** TLS from the first byte, the certificate verified (RFC 8314 §3.3). */
        IMPLICIT_VERIFIED
    }

    record Credentials(String username, String password) {
        @Override
        public String toString() {
            return "Credentials[" + username + "]";
        }
    }

    @Override
    public String toString() {
        return name + " [" + address.getAddress().getHostAddress() + "]:" + address.getPort();
    }
}
