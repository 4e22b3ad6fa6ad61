package org.tegami.bench;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.ssl.OpenSsl;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslProvider;
import io.netty.handler.ssl.util.InsecureTrustManagerFactory;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.function.Consumer;
import javax.net.ssl.SSLException;

/**
 * The client side every workload shares: one small event-loop group and one TLS context. The servers
 * under test run on loopback with certificates made for the run, so the client accepts any
 * certificate; it measures servers, it does not protect mail.
 */
final class ClientTransport implements AutoCloseable {

    private final EventLoopGroup group;
    private final SslContext tls;
    private final Duration timeout;

    /**
     * @param ioThreads threads of the client's event loop
     * @param timeout   longest wait for a connection, a handshake or a reply
     */
    ClientTransport(int ioThreads, Duration timeout) {
        this.group = new MultiThreadIoEventLoopGroup(ioThreads, NioIoHandler.newFactory());
        this.timeout = timeout;
        try {
            // BoringSSL when its native library loads: it costs the client less CPU per handshake, and
            // the client shares the machine with the server under test.
            this.tls = SslContextBuilder.forClient()
                    .sslProvider(OpenSsl.isAvailable() ? SslProvider.OPENSSL : SslProvider.JDK)
                    .protocols("TLSv1.3")
                    .trustManager(InsecureTrustManagerFactory.INSTANCE)
                    .build();
        } catch (SSLException e) {
            group.shutdownGracefully();
            throw new IllegalStateException("cannot set up the client's TLS", e);
        }
    }

    Duration timeout() {
        return timeout;
    }

    /** Which TLS implementation the client uses; closes this transport. */
    String providerAndClose() {
        close();
        return OpenSsl.isAvailable() ? OpenSsl.versionString() : "JDK";
    }

    /**
     * Opens a TCP connection to {@code server}, from {@code local} when given, and starts TLS on it.
     * With {@code resumable} the handshake offers a session the client kept from an earlier
     * connection to the same host and port (RFC 8446 §2.2); without, every handshake is a full one.
     * Returns once TCP is connected; the handshake's outcome is waited for by the caller.
     */
    Channel open(InetSocketAddress server, InetSocketAddress local, boolean resumable,
                 Consumer<SocketChannel> pipeline) {
        Bootstrap bootstrap = new Bootstrap()
                .group(group)
                .channel(NioSocketChannel.class)
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) timeout.toMillis())
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        SslHandler ssl = resumable
                                ? tls.newHandler(ch.alloc(), server.getHostString(), server.getPort())
                                : tls.newHandler(ch.alloc());
                        ssl.setHandshakeTimeoutMillis(timeout.toMillis());
                        ch.pipeline().addLast("tls", ssl);
                        pipeline.accept(ch);
                    }
                });
        ChannelFuture connect = local == null ? bootstrap.connect(server) : bootstrap.connect(server, local);
        if (!connect.awaitUninterruptibly(timeout.toMillis() + 1000) || !connect.isSuccess()) {
            connect.channel().close();
            throw new ImapException("cannot connect to " + server + (local == null ? "" : " from " + local),
                    connect.cause());
        }
        return connect.channel();
    }

    @Override
    public void close() {
        group.shutdownGracefully(0, 1, java.util.concurrent.TimeUnit.SECONDS).syncUninterruptibly();
    }
}
