package org.tegami.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.ssl.ApplicationProtocolConfig;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Map;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Real TLS over loopback: a server that greets before the handshake and echoes lines, behind the registry. */
class ServerNameHandlerTest {

    private EventLoopGroup group;
    private Channel server;
    private CertificateRegistry registry;
    private TestCertificates.Issued fallback;
    private TestCertificates.Issued first;
    private TestCertificates.Issued second;

    @BeforeEach
    void start() throws Exception {
        fallback = TestCertificates.issue("fallback.test");
        first = TestCertificates.issue("first.test");
        second = TestCertificates.issue("second.test", "*.second.test");
        registry = new CertificateRegistry(new SniTable(fallback.serverContext(),
                Map.of("first.test", first.serverContext(), "second.test", second.serverContext(),
                        "*.second.test", second.serverContext())));
        group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        server = new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel channel) {
                        channel.pipeline().addLast("tls", registry.newHandler());
                        channel.pipeline().addLast(new GreetAndEcho());
                    }
                })
                .bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0)).sync().channel();
    }

    @AfterEach
    void stop() {
        server.close().syncUninterruptibly();
        group.shutdownGracefully(0, 0, java.util.concurrent.TimeUnit.SECONDS).syncUninterruptibly();
    }

    /** Writes a greeting as soon as the connection is up, before any TLS, like an implicit-TLS IMAP server. */
    private static final class GreetAndEcho extends ChannelInboundHandlerAdapter {
        @Override
        public void channelActive(ChannelHandlerContext ctx) {
            ctx.writeAndFlush(Unpooled.copiedBuffer("* OK hello\r\n", StandardCharsets.US_ASCII));
            ctx.fireChannelActive();
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ctx.writeAndFlush((ByteBuf) msg);
        }
    }

    private SSLSocket connect(SSLContext trust, String serverName, String... protocols) throws IOException {
        InetSocketAddress address = (InetSocketAddress) server.localAddress();
        SSLSocket socket = (SSLSocket) trust.getSocketFactory().createSocket(address.getAddress(), address.getPort());
        socket.setSoTimeout(10_000);
        SSLParameters parameters = socket.getSSLParameters();
        if (serverName != null) {
            parameters.setServerNames(List.of(new SNIHostName(serverName)));
            // Host name verification as a mail client does it (RFC 6125 against the name it asked for).
            parameters.setEndpointIdentificationAlgorithm("HTTPS");
        }
        if (protocols.length > 0) {
            parameters.setApplicationProtocols(protocols);
        }
        socket.setSSLParameters(parameters);
        socket.startHandshake();
        return socket;
    }

    private static String greeting(SSLSocket socket) throws IOException {
        return new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII)).readLine();
    }

    private static X509Certificate presented(SSLSocket socket) throws Exception {
        return (X509Certificate) socket.getSession().getPeerCertificates()[0];
    }

    @Test
    void eachNameGetsItsOwnCertificateOnOnePort() throws Exception {
        try (SSLSocket socket = connect(first.clientTrustingOnlyThis(), "first.test")) {
            assertEquals(first.certificate(), presented(socket));
            assertEquals("* OK hello", greeting(socket), "the greeting written before the handshake arrives encrypted");
        }
        try (SSLSocket socket = connect(second.clientTrustingOnlyThis(), "second.test")) {
            assertEquals(second.certificate(), presented(socket));
        }
        try (SSLSocket socket = connect(second.clientTrustingOnlyThis(), "imap.second.test")) {
            assertEquals(second.certificate(), presented(socket));
        }
    }

    @Test
    void aClientWithoutNameOrWithAnUnknownNameGetsTheFallback() throws Exception {
        try (SSLSocket socket = connect(fallback.clientTrustingOnlyThis(), null)) {
            assertEquals(fallback.certificate(), presented(socket));
        }
        assertThrows(SSLHandshakeException.class, () -> connect(fallback.clientTrustingOnlyThis(), "unknown.test"),
                "the fallback certificate does not carry the unknown name");
    }

    @Test
    void publishingServesNewConnectionsAndLeavesOpenOnesAlone() throws Exception {
        TestCertificates.Issued renewed = TestCertificates.issue("first.test");
        try (SSLSocket before = connect(first.clientTrustingOnlyThis(), "first.test")) {
            BufferedReader reader = new BufferedReader(new InputStreamReader(before.getInputStream(),
                    StandardCharsets.US_ASCII));
            assertEquals("* OK hello", reader.readLine());
            registry.publish(new SniTable(fallback.serverContext(), Map.of("first.test", renewed.serverContext())));
            try (SSLSocket after = connect(renewed.clientTrustingOnlyThis(), "first.test")) {
                assertEquals(renewed.certificate(), presented(after));
            }
            OutputStream out = before.getOutputStream();
            out.write("still here\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            assertEquals("still here", reader.readLine(), "the open connection keeps its TLS session");
            assertEquals(first.certificate(), presented(before));
        }
    }

    @Test
    void acmeValidationGetsTheChallengeCertificateAndIsClosedAfterTheHandshake() throws Exception {
        TestCertificates.Issued challenge = TestCertificates.issue("first.test");
        SslContext challengeContext = SslContextBuilder.forServer(challenge.keys().getPrivate(), challenge.certificate())
                .applicationProtocolConfig(new ApplicationProtocolConfig(ApplicationProtocolConfig.Protocol.ALPN,
                        ApplicationProtocolConfig.SelectorFailureBehavior.NO_ADVERTISE,
                        ApplicationProtocolConfig.SelectedListenerFailureBehavior.ACCEPT, ClientHello.ACME_TLS_PROTOCOL))
                .build();
        registry.answerAcmeChallenge("first.test", challengeContext);
        try (SSLSocket socket = connect(challenge.clientTrustingOnlyThis(), "first.test", ClientHello.ACME_TLS_PROTOCOL)) {
            assertEquals(challenge.certificate(), presented(socket));
            assertEquals(ClientHello.ACME_TLS_PROTOCOL, socket.getApplicationProtocol());
            assertEquals(-1, socket.getInputStream().read(), "closed without the session's greeting");
        }
        try (SSLSocket client = connect(first.clientTrustingOnlyThis(), "first.test", "imap", ClientHello.ACME_TLS_PROTOCOL)) {
            assertEquals(first.certificate(), presented(client), "a client offering other protocols is no validation");
        }
        registry.withdrawAcmeChallenge("first.test");
        try (SSLSocket socket = connect(first.clientTrustingOnlyThis(), "first.test", ClientHello.ACME_TLS_PROTOCOL)) {
            assertEquals(first.certificate(), presented(socket), "after the validation the real certificate is back");
        }
    }
}
