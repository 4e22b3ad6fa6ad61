package org.tegami.imap.server;

import java.net.InetSocketAddress;

/**
 * One listening socket: {@code implicitTls} for IMAPS (port 993, RFC 8314), otherwise cleartext IMAP
 * where STARTTLS is required before login (port 143).
 *
 * @param name    the configuration name of the listener, used in messages (e.g. {@code imaps})
 * @param address where to bind
 */
public record ImapListener(String name, InetSocketAddress address, boolean implicitTls) {
}
