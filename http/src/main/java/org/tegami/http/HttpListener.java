package org.tegami.http;

import java.net.InetSocketAddress;

/**
 * One listening socket: {@code tls} for HTTPS (port 443), otherwise cleartext HTTP (port 80), which serves only
 * what clients fetch without TLS (Thunderbird autoconfig, the health check) and redirects everything else.
 *
 * @param name    the configuration name of the listener, used in messages (e.g. {@code https})
 * @param address where to bind
 * @param tls     whether connections start with a TLS handshake
 */
public record HttpListener(String name, InetSocketAddress address, boolean tls) {
}
