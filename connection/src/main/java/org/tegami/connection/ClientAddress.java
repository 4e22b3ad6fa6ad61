package org.tegami.connection;

import io.netty.channel.Channel;
import io.netty.util.AttributeKey;
import java.net.InetSocketAddress;

/**
 * The address of the client a connection serves: the one a trusted load balancer forwarded in its
 * PROXY header, or else the peer's. Everything that judges or records a client (logs, per-address
 * limits, the login throttle and blocklist, Received headers, allowed networks) asks here, never the
 * channel's remote address.
 */
public final class ClientAddress {
    /** Set on the channel once a trusted PROXY header has been read, before the protocol handlers start. */
    static final AttributeKey<InetSocketAddress> FORWARDED = AttributeKey.valueOf(ClientAddress.class, "forwarded");

    private ClientAddress() {
    }

    public static InetSocketAddress of(Channel channel) {
        InetSocketAddress forwarded = channel.attr(FORWARDED).get();
        return forwarded != null ? forwarded : ProxyProtocol.peerAddress(channel);
    }
}
