package org.tegami.connection;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.haproxy.HAProxyCommand;
import io.netty.handler.codec.haproxy.HAProxyMessage;
import io.netty.handler.codec.haproxy.HAProxyProxiedProtocol;
import io.netty.util.ReferenceCountUtil;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * On a connection from a trusted load balancer: waits for the PROXY header (decoded by Netty's
 * {@code HAProxyMessageDecoder} just before it), records the client address it names, and only then
 * lets the protocol start (channelActive), so the greeting, limits and logs all see the client. A
 * connection whose first bytes are no valid header, or that sends none in time, is closed.
 */
final class ProxyHeaderReceiver extends ChannelInboundHandlerAdapter {
    static final String NAME = "proxy-header";
    private static final Logger LOG = LoggerFactory.getLogger(ProxyHeaderReceiver.class);

    private final Duration headerTimeout;
    private ScheduledFuture<?> timeout;
    private boolean received;

    ProxyHeaderReceiver(Duration headerTimeout) {
        this.headerTimeout = headerTimeout;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        // Held back until the header names the client; the protocol handlers start then.
        timeout = ctx.executor().schedule(() -> {
            LOG.info("closed connection from trusted proxy {}: no PROXY header within {} ms", peer(ctx),
                    headerTimeout.toMillis());
            ctx.close();
        }, headerTimeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (received || !(msg instanceof HAProxyMessage header)) {
            ctx.fireChannelRead(msg);
            return;
        }
        try {
            received = true;
            timeout.cancel(false);
            InetSocketAddress client = client(header, ProxyProtocol.peerAddress(ctx.channel()));
            ctx.channel().attr(ClientAddress.FORWARDED).set(client);
            LOG.debug("connection from {} forwarded by {} ({} {})", client.getAddress().getHostAddress(), peer(ctx),
                    header.command(), header.proxiedProtocol());
        } finally {
            ReferenceCountUtil.release(msg);
        }
        ctx.fireChannelActive();
        // The decoder passes on whatever followed the header (a TLS ClientHello, a pipelined command)
        // after this returns, so the protocol sees the connection open before its first bytes.
        ctx.pipeline().remove(this);
    }

    /**
     * The forwarded client for a PROXY command over TCP; the balancer itself for LOCAL (its own health
     * checks) and for UNKNOWN or non-IP sources (PROXY protocol spec §2.1 and §2.2).
     */
    static InetSocketAddress client(HAProxyMessage header, InetSocketAddress peer) {
        if (header.command() != HAProxyCommand.PROXY) {
            return peer;
        }
        HAProxyProxiedProtocol protocol = header.proxiedProtocol();
        if (protocol != HAProxyProxiedProtocol.TCP4 && protocol != HAProxyProxiedProtocol.TCP6) {
            return peer;
        }
        try {
            // The decoder has checked the address is a literal of the family, so nothing is looked up.
            return new InetSocketAddress(InetAddress.getByName(header.sourceAddress()), header.sourcePort());
        } catch (java.net.UnknownHostException e) {
            return peer;
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (timeout != null) {
            timeout.cancel(false);
        }
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (received) {
            ctx.fireExceptionCaught(cause);
            return;
        }
        // The bytes may be a client's command with its password: log that the header was bad, not them.
        LOG.info("closed connection from trusted proxy {}: missing or malformed PROXY header", peer(ctx));
        ctx.close();
    }

    private static String peer(ChannelHandlerContext ctx) {
        return ProxyProtocol.peerAddress(ctx.channel()).getAddress().getHostAddress();
    }
}
