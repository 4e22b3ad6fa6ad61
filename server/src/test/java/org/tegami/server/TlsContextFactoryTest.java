package org.tegami.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.ssl.OpenSsl;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslProvider;
import io.netty.handler.ssl.util.InsecureTrustManagerFactory;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.List;
import javax.net.ssl.SSLException;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Handshakes in memory: two Netty channels with TLS handlers, bytes passed between them by hand. */
class TlsContextFactoryTest {

    @TempDir
    Path tlsDir;

    private ServerCertificate certificate() {
        return new SelfSignedCertificate(tlsDir, Clock.systemUTC(), new SecureRandom()).obtain("mail.example.com")
                .certificate();
    }

    private SslContext server(SslProvider provider) {
        assumeTrue(provider != SslProvider.OPENSSL || OpenSsl.isAvailable(), "native OpenSSL is not available here");
        return new TlsContextFactory(provider).create(certificate(), TegamiConfig.Tls.DEFAULT);
    }

    private static SslContext client(SslProvider provider, String protocol, List<String> ciphers) throws SSLException {
        return SslContextBuilder.forClient()
                .sslProvider(provider)
                .trustManager(InsecureTrustManagerFactory.INSTANCE)
                .protocols(protocol)
                .ciphers(ciphers)
                .build();
    }

    @ParameterizedTest
    @EnumSource(value = SslProvider.class, names = {"JDK", "OPENSSL"})
    void enablesOnlyTls13And12WithTheIntermediateCiphers(SslProvider provider) {
        SslContext context = server(provider);
        var engine = context.newEngine(UnpooledByteBufAllocator.DEFAULT);
        try {
            // SSLv2Hello, which the JDK engine may list, is a ClientHello encoding, not a protocol version.
            assertEquals(List.of("TLSv1.2", "TLSv1.3"), List.of(engine.getEnabledProtocols()).stream()
                    .filter(protocol -> !protocol.equals("SSLv2Hello")).sorted().toList());
            for (String cipher : engine.getEnabledCipherSuites()) {
                assertTrue(TegamiConfig.Tls.DEFAULT_CIPHERS.contains(cipher), "unexpected cipher suite " + cipher);
            }
        } finally {
            io.netty.util.ReferenceCountUtil.release(engine);
        }
    }

    @ParameterizedTest
    @EnumSource(value = SslProvider.class, names = {"JDK", "OPENSSL"})
    void acceptsTls13AndTls12Clients(SslProvider provider) throws SSLException {
        SslContext server = server(provider);
        HandshakeResult tls13 = handshake(server, client(SslProvider.JDK, "TLSv1.3", null));
        assertNull(tls13.failure(), () -> "TLS 1.3 failed: " + tls13.failure());
        assertEquals("TLSv1.3", tls13.protocol());
        HandshakeResult tls12 = handshake(server, client(SslProvider.JDK, "TLSv1.2", null));
        assertNull(tls12.failure(), () -> "TLS 1.2 failed: " + tls12.failure());
        assertEquals("TLSv1.2", tls12.protocol());
    }

    @ParameterizedTest
    @EnumSource(value = SslProvider.class, names = {"JDK", "OPENSSL"})
    void refusesTls11Clients(SslProvider provider) throws SSLException {
        // The JDK refuses TLS 1.1 on its own; BoringSSL still speaks it, so it is the client that can
        // show the server refusing. The control handshake proves that client could connect otherwise.
        assumeTrue(OpenSsl.isAvailable(), "a TLS 1.1 client needs native OpenSSL");
        List<String> cbcCipher = List.of("TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA");
        ServerCertificate certificate = certificate();
        SslContext permissive = SslContextBuilder
                .forServer(certificate.privateKey(), certificate.chain().toArray(X509Certificate[]::new))
                .sslProvider(SslProvider.OPENSSL).protocols("TLSv1.1").ciphers(cbcCipher).build();
        HandshakeResult control = handshake(permissive, client(SslProvider.OPENSSL, "TLSv1.1", cbcCipher));
        assertNull(control.failure(), () -> "control handshake failed: " + control.failure());

        HandshakeResult refused = handshake(server(provider), client(SslProvider.OPENSSL, "TLSv1.1", cbcCipher));
        assertNotNull(refused.failure(), "a TLS 1.1 client must not get through");
    }

    private record HandshakeResult(Throwable failure, String protocol) {
    }

    private static HandshakeResult handshake(SslContext serverContext, SslContext clientContext) {
        EmbeddedChannel server = new EmbeddedChannel(serverContext.newHandler(UnpooledByteBufAllocator.DEFAULT));
        EmbeddedChannel client = new EmbeddedChannel(
                clientContext.newHandler(UnpooledByteBufAllocator.DEFAULT, "mail.example.com", 993));
        SslHandler clientTls = client.pipeline().get(SslHandler.class);
        try {
            // Each round trip moves one flight; a TLS handshake needs at most a few.
            for (int round = 0; round < 20 && !clientTls.handshakeFuture().isDone(); round++) {
                boolean moved = pass(client, server) | pass(server, client);
                if (!moved) {
                    break;
                }
            }
            if (!clientTls.handshakeFuture().isDone()) {
                return new HandshakeResult(new IllegalStateException("handshake stalled"), null);
            }
            Throwable failure = clientTls.handshakeFuture().cause();
            return new HandshakeResult(failure, failure == null ? clientTls.engine().getSession().getProtocol() : null);
        } finally {
            server.finishAndReleaseAll();
            client.finishAndReleaseAll();
        }
    }

    /** Moves everything {@code from} has written into {@code to}; true if anything moved. */
    private static boolean pass(EmbeddedChannel from, EmbeddedChannel to) {
        boolean moved = false;
        for (ByteBuf data = from.readOutbound(); data != null; data = from.readOutbound()) {
            moved = true;
            try {
                to.writeInbound(data);
            } catch (Exception handshakeFailure) {
                // The failure is also recorded on the handshake future, which is what the tests check.
            }
        }
        return moved;
    }
}
