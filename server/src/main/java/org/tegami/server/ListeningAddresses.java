package org.tegami.server;

import java.net.InetSocketAddress;
import java.util.Optional;

/** Where each listener is bound; empty for a listener that is disabled. */
public record ListeningAddresses(
        Optional<InetSocketAddress> imaps,
        Optional<InetSocketAddress> imap,
        Optional<InetSocketAddress> submissions,
        Optional<InetSocketAddress> submission,
        Optional<InetSocketAddress> smtp,
        Optional<InetSocketAddress> lmtp,
        Optional<InetSocketAddress> https,
        Optional<InetSocketAddress> http) {
}
