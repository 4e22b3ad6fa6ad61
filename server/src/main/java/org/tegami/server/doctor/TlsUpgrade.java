package org.tegami.server.doctor;

import java.net.Socket;
import java.util.Optional;

/** Turns a connected plain socket into a TLS one: for implicit TLS at once, else after STARTTLS. */
@FunctionalInterface
interface TlsUpgrade {

    /** The TLS socket, or empty when the handshake failed (which the upgrade reports itself). */
    Optional<Socket> upgrade(Socket plain);
}
