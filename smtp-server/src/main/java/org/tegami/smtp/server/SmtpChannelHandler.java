package org.tegami.smtp.server;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.net.InetAddress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tegami.connection.ClientAddress;
import org.tegami.smtp.protocol.Reply;

/** Connects one channel to its {@link SmtpSession}. */
final class SmtpChannelHandler extends ChannelInboundHandlerAdapter {

    private static final Logger LOG = LoggerFactory.getLogger(SmtpChannelHandler.class);

    private final SmtpServices services;
    private final SmtpListener listener;
    private final SmtpFrameDecoder decoder;
    private SmtpSession session;
    private InetAddress address;

    SmtpChannelHandler(SmtpServices services, SmtpListener listener, SmtpFrameDecoder decoder) {
        this.services = services;
        this.listener = listener;
        this.decoder = decoder;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        InetAddress remote = ClientAddress.of(ctx.channel()).getAddress();
        if (!services.connections().tryAcquire(remote)) {
            LOG.info("refused SMTP connection from {}: too many connections", remote.getHostAddress());
            ctx.writeAndFlush(Unpooled.wrappedBuffer(Reply.of(421, "4.7.0", "Too many connections from your address")
                    .render())).addListener(ChannelFutureListener.CLOSE);
            return;
        }
        address = remote;
        session = new SmtpSession(ctx.channel(), services, listener, decoder);
        services.connections().add(session);
        session.start();
        ctx.fireChannelActive();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (session != null && msg instanceof SmtpInput input) {
            session.enqueue(input);
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (session != null) {
            session.closed();
            services.connections().release(address);
            session = null;
        }
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        LOG.debug("SMTP connection error: {}", cause.toString());
        ctx.close();
    }
}
