package org.tegami.imap.server;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.ssl.SslContext;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tegami.auth.LoginThrottle;
import org.tegami.auth.PasswordAuthenticator;
import org.tegami.auth.SaslMechanisms;
import org.tegami.store.MailStore;
import org.tegami.tls.CertificateRegistry;

/**
 * The IMAP service: binds listeners and runs one {@link ImapSession} per connection. Netty event loops
 * only move bytes; commands run on each session's own virtual thread.
 */
public final class ImapServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ImapServer.class);

    private final SessionContext context;
    private final EventLoopGroup bossGroup;
    private final EventLoopGroup workerGroup;
    private final Class<? extends ServerChannel> channelType;
    private final List<Channel> listening = new CopyOnWriteArrayList<>();

    /** A server with the standard SASL mechanisms on {@code store} (see {@link SaslMechanisms#standard}). */
    public ImapServer(ImapSettings settings, MailStore store, PasswordAuthenticator authenticator,
                      LoginThrottle throttle, SslContext sslContext) {
        this(settings, store, SaslMechanisms.standard(store, authenticator, new SecureRandom()), throttle,
                CertificateRegistry.of(sslContext));
    }

    /** A server offering {@code mechanisms}, with one certificate for every client. */
    public ImapServer(ImapSettings settings, MailStore store, SaslMechanisms mechanisms,
                      LoginThrottle throttle, SslContext sslContext) {
        this(settings, store, mechanisms, throttle, CertificateRegistry.of(sslContext));
    }

    /**
     * A server offering {@code mechanisms} to AUTHENTICATE and LOGIN, presenting the certificate
     * {@code certificates} picks per connection (implicit TLS and STARTTLS alike).
     */
    public ImapServer(ImapSettings settings, MailStore store, SaslMechanisms mechanisms,
                      LoginThrottle throttle, CertificateRegistry certificates) {
        this.context = new SessionContext(settings, store, mechanisms, throttle, new ConnectionLimiter(
                settings.maxConnectionsPerAddress()), certificates);
        IoHandlerFactory ioFactory = Epoll.isAvailable() ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
        this.channelType = Epoll.isAvailable() ? EpollServerSocketChannel.class : NioServerSocketChannel.class;
        this.bossGroup = new MultiThreadIoEventLoopGroup(1, ioFactory);
        this.workerGroup = new MultiThreadIoEventLoopGroup(ioFactory);
    }

    /** Binds a listener; throws {@link ListenerBindException} naming the address and reason if it cannot. */
    public InetSocketAddress listen(ImapListener listener) {
        ServerBootstrap bootstrap = new ServerBootstrap()
                .group(bossGroup, workerGroup)
                .channel(channelType)
                .option(ChannelOption.SO_BACKLOG, 1024)
                .option(ChannelOption.SO_REUSEADDR, true)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, new WriteBufferWaterMark(
                        context.settings().maxOutputBufferBytes() / 4, context.settings().maxOutputBufferBytes() / 2))
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel channel) {
                        ImapPipeline.configure(channel, listener, context);
                    }
                });
        try {
            Channel channel = bootstrap.bind(listener.address()).syncUninterruptibly().channel();
            listening.add(channel);
            InetSocketAddress bound = (InetSocketAddress) channel.localAddress();
            LOG.info("{} listening on {}:{} ({})", listener.name(), bound.getHostString(), bound.getPort(),
                    listener.implicitTls() ? "implicit TLS" : "STARTTLS required");
            return bound;
        } catch (Exception e) {
            // Netty rethrows the bind failure's IOException undeclared, so catch every exception here.
            throw new ListenerBindException(listener, e);
        }
    }

    /** See {@link SessionRegistry#largestQueuedOutputBytes()}; lets tests check the output bound from outside. */
    long largestQueuedOutputBytes() {
        return context.sessions().largestQueuedOutputBytes();
    }

    /** See {@link SessionRegistry#selectedViews()}; lets tests see which mailbox states sessions share. */
    java.util.List<SelectedMailbox> selectedViews() {
        return context.sessions().selectedViews();
    }

    @Override
    public void close() {
        for (Channel channel : listening) {
            channel.close().awaitUninterruptibly(5, TimeUnit.SECONDS);
        }
        context.sessions().closeAll();
        bossGroup.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
        workerGroup.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
    }
}
