package org.tegami.connection;

import io.netty.channel.Channel;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.haproxy.HAProxyMessageDecoder;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import org.tegami.auth.Network;

/**
 * The PROXY protocol (HAProxy's, versions 1 and 2) on a listener: a TCP load balancer in one of the
 * {@code trustedNetworks} opens each connection with a header naming the client it forwards, and the
 * server then treats that client's address as the connection's (see {@link ClientAddress}).
 *
 * <p>A connection from a trusted network must start with the header, within {@code headerTimeout};
 * anything else closes it. A connection from any other address is served directly, and is closed if
 * it starts with a PROXY header: only the configured balancers may name a client address. With no
 * trusted network the PROXY protocol is off and listeners work as without it.
 *
 * @param trustedNetworks the load balancers' networks
 * @param headerTimeout   how long a trusted peer may take to send its complete header
 */
public record ProxyProtocol(List<Network> trustedNetworks, Duration headerTimeout) {

    public static final Duration DEFAULT_HEADER_TIMEOUT = Duration.ofSeconds(5);
    /** No trusted balancer: every connection is served directly, as without the PROXY protocol. */
    public static final ProxyProtocol OFF = new ProxyProtocol(List.of(), DEFAULT_HEADER_TIMEOUT);

    public ProxyProtocol {
        trustedNetworks = List.copyOf(trustedNetworks);
        Objects.requireNonNull(headerTimeout, "headerTimeout");
        if (headerTimeout.isNegative() || headerTimeout.isZero()) {
            throw new IllegalArgumentException("the PROXY header timeout must be positive");
        }
    }

    public boolean enabled() {
        return !trustedNetworks.isEmpty();
    }

    /** Whether a peer may send a PROXY header (and must). */
    public boolean trusts(InetAddress peer) {
        return trustedNetworks.stream().anyMatch(network -> network.contains(peer));
    }

    /**
     * Puts the PROXY protocol handling first in a new connection's pipeline, before TLS: the header
     * precedes everything else on the connection, TLS handshake included (PROXY protocol spec §2).
     * Does nothing when the PROXY protocol is off.
     */
    public void install(SocketChannel channel) {
        if (!enabled()) {
            return;
        }
        InetAddress peer = peerAddress(channel).getAddress();
        if (trusts(peer)) {
            channel.pipeline().addFirst(ProxyHeaderReceiver.NAME, new ProxyHeaderReceiver(headerTimeout));
            channel.pipeline().addFirst("proxy-decoder", new HAProxyMessageDecoder());
            channel.pipeline().addFirst(ProxySignatureCheck.NAME, new ProxySignatureCheck(true));
        } else {
            channel.pipeline().addFirst(ProxySignatureCheck.NAME, new ProxySignatureCheck(false));
        }
    }

    static InetSocketAddress peerAddress(Channel channel) {
        return (InetSocketAddress) channel.remoteAddress();
    }
}
