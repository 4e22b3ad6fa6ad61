package org.tegami.imap.server;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tegami.connection.ClientAddress;
import org.tegami.imap.protocol.FramerEvent;

/** Connects one channel to its {@link ImapSession}: hands framer events over, reports closing. */
final class ImapChannelHandler extends ChannelInboundHandlerAdapter {

    private static final Logger LOG = LoggerFactory.getLogger(ImapChannelHandler.class);

    private final SessionContext context;
    private final ImapFrameDecoder decoder;
    private final boolean implicitTls;
    private ImapSession session;
    private InetAddress address;

    ImapChannelHandler(SessionContext context, ImapFrameDecoder decoder, boolean implicitTls) {
        this.context = context;
        this.decoder = decoder;
        this.implicitTls = implicitTls;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        InetAddress remote = ClientAddress.of(ctx.channel()).getAddress();
        if (!context.connectionLimiter().tryAcquire(remote)) {
            LOG.info("refused connection from {}: too many connections", remote.getHostAddress());
            ctx.writeAndFlush(Unpooled.copiedBuffer(
                            "* BYE [UNAVAILABLE] Too many connections from your address\r\n", StandardCharsets.US_ASCII))
                    .addListener(ChannelFutureListener.CLOSE);
            return;
        }
        address = remote;
        session = new ImapSession(ctx.channel(), context, decoder, implicitTls);
        context.sessions().add(session);
        session.start();
        ctx.fireChannelActive();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (session != null && msg instanceof FramerEvent event) {
            session.enqueue(new SessionEvent.Input(event));
        }
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        if (session != null) {
            session.writabilityChanged();
        }
        ctx.fireChannelWritabilityChanged();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (session != null) {
            session.enqueue(new SessionEvent.Closed());
            session.writabilityChanged();
            context.connectionLimiter().release(address);
            session = null;
        }
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        // TLS handshake failures and resets are routine on the internet; they end the connection quietly.
        LOG.debug("connection error: {}", cause.toString());
        ctx.close();
    }
}
