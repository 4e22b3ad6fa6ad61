package org.tegami.smtp.server;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.ssl.SslContext;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tegami.tls.CertificateRegistry;
import org.tegami.auth.LoginThrottle;
import org.tegami.auth.SaslMechanisms;
import org.tegami.smtp.server.delivery.MailRouter;
import org.tegami.smtp.server.delivery.RecipientResolver;
import org.tegami.smtp.server.delivery.SentCopy;

/**
 * The SMTP service: submission (465/587), inbound MX (25) and LMTP listeners, one {@link SmtpSession} per
 * connection, each on its own virtual thread.
 */
public final class SmtpServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(SmtpServer.class);

    private final SmtpServices services;
    private final EventLoopGroup bossGroup;
    private final EventLoopGroup workerGroup;
    private final Class<? extends ServerChannel> channelType;
    private final List<Channel> listening = new CopyOnWriteArrayList<>();

    /** A server presenting one certificate to every client; {@code sslContext} may be null (no TLS). */
    public SmtpServer(SmtpSettings settings, SaslMechanisms mechanisms, LoginThrottle throttle,
                      SslContext sslContext, RecipientResolver recipients, MailRouter router, SentCopy sentCopy) {
        this(settings, mechanisms, throttle, sslContext == null ? null : CertificateRegistry.of(sslContext),
                recipients, router, sentCopy);
    }

    /**
     * {@code certificates} may be null: then neither implicit TLS nor STARTTLS is available; otherwise it picks
     * the certificate per connection. {@code sentCopy} files each accepted submission into the sender's Sent
     * mailbox for accounts that have it on. {@code mechanisms} are the SASL mechanisms AUTH offers on
     * submission listeners.
     */
    public SmtpServer(SmtpSettings settings, SaslMechanisms mechanisms, LoginThrottle throttle,
                      CertificateRegistry certificates, RecipientResolver recipients, MailRouter router,
                      SentCopy sentCopy) {
        this.services = new SmtpServices(settings, mechanisms, throttle, certificates, recipients, router, sentCopy,
                new SubmissionRateLimiter(settings.maxMessagesPerHour(), Clock.systemUTC()),
                new SmtpConnections(settings.maxConnectionsPerAddress()), new SmtpCommandTable());
        IoHandlerFactory ioFactory = Epoll.isAvailable() ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
        this.channelType = Epoll.isAvailable() ? EpollServerSocketChannel.class : NioServerSocketChannel.class;
        this.bossGroup = new MultiThreadIoEventLoopGroup(1, ioFactory);
        this.workerGroup = new MultiThreadIoEventLoopGroup(ioFactory);
    }

    /** Binds a listener; throws {@link SmtpBindException} naming the address and reason if it cannot. */
    public InetSocketAddress listen(SmtpListener listener) {
        if (listener.implicitTls() && services.certificates() == null) {
            throw new IllegalArgumentException(listener.name() + " needs TLS but no certificate is configured");
        }
        ServerBootstrap bootstrap = new ServerBootstrap()
                .group(bossGroup, workerGroup)
                .channel(channelType)
                .option(ChannelOption.SO_BACKLOG, 1024)
                .option(ChannelOption.SO_REUSEADDR, true)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel channel) {
                        services.settings().proxyProtocol().install(channel);
                        if (listener.implicitTls()) {
                            channel.pipeline().addLast("tls", services.certificates().newHandler());
                        }
                        SmtpFrameDecoder decoder = new SmtpFrameDecoder(services.settings().limits(),
                                listener.implicitTls(), services.certificates() != null);
                        channel.pipeline().addLast("framer", decoder);
                        channel.pipeline().addLast("session", new SmtpChannelHandler(services, listener, decoder));
                    }
                });
        try {
            Channel channel = bootstrap.bind(listener.address()).syncUninterruptibly().channel();
            listening.add(channel);
            InetSocketAddress bound = (InetSocketAddress) channel.localAddress();
            LOG.info("{} listening on {}:{} ({}{})", listener.name(), bound.getHostString(), bound.getPort(),
                    listener.mode(), listener.implicitTls() ? ", implicit TLS" : "");
            return bound;
        } catch (Exception e) {
            // Netty rethrows the bind failure's IOException undeclared, so catch every exception here.
            throw new SmtpBindException(listener, e);
        }
    }

    @Override
    public void close() {
        for (Channel channel : listening) {
            channel.close().awaitUninterruptibly(5, TimeUnit.SECONDS);
        }
        services.connections().closeAll();
        bossGroup.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
        workerGroup.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
    }
}
