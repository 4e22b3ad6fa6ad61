package org.tegami.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.tegami.auth.Network;
import org.tegami.connection.CapturedLog;
import org.tegami.connection.ProxyHeaders;
import org.tegami.connection.ProxyProtocol;

/**
 * HTTP and HTTPS behind a load balancer that sends PROXY headers, over real sockets: 127.0.0.1 is the
 * trusted balancer, 127.0.0.2 an untrusted client, and only the client 192.0.2.70 may read /metrics,
 * so the answer shows which address the server judged.
 */
class ProxyProtocolTest {
    private static final InetAddress ALLOWED = address("192.0.2.70");
    private static final String GET_METRICS = "GET /metrics HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n";

    private TestHttpServer server;
    private CapturedLog log;

    @BeforeEach
    void start() {
        ProxyProtocol proxy = new ProxyProtocol(List.of(Network.parse("127.0.0.1/32")), Duration.ofSeconds(1));
        server = new TestHttpServer(HttpSettings.defaults().withProxyProtocol(proxy), TestHttpServer.CLIENT,
                Optional.of(new MetricsEndpoint(() -> "tegami_up 1.0\n", ALLOWED::equals)));
        log = CapturedLog.proxyAnd();
    }

    @AfterEach
    void stop() {
        log.close();
        server.close();
    }

    private static InetAddress address(String literal) {
        try {
            return InetAddress.getByName(literal);
        } catch (java.net.UnknownHostException e) {
            throw new IllegalArgumentException(e);
        }
    }

    private static Socket connect(InetSocketAddress to, String from, byte[] header, boolean tls) throws Exception {
        Socket socket = new Socket();
        socket.bind(new InetSocketAddress(InetAddress.getByName(from), 0));
        socket.connect(to, 5_000);
        if (header.length > 0) {
            socket.getOutputStream().write(header);
            socket.getOutputStream().flush();
        }
        if (!tls) {
            return socket;
        }
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, new TrustManager[] {new X509TrustManager() {
            @Override
            public void checkClientTrusted(X509Certificate[] chain, String authType) {
            }

            @Override
            public void checkServerTrusted(X509Certificate[] chain, String authType) {
            }

            @Override
            public X509Certificate[] getAcceptedIssuers() {
                return new X509Certificate[0];
            }
        }}, null);
        SSLSocket secure = (SSLSocket) context.getSocketFactory().createSocket(socket, "localhost", to.getPort(), true);
        secure.startHandshake();
        return secure;
    }

    private int metricsStatus(InetSocketAddress to, String from, byte[] header, boolean tls) throws Exception {
        try (RawHttp http = new RawHttp(connect(to, from, header, tls))) {
            return http.exchange(GET_METRICS).status();
        }
    }

    @Test
    void theForwardedClientIsJudgedOnCleartextHttp() throws Exception {
        assertEquals(200, metricsStatus(server.httpAddress(), "127.0.0.1",
                ProxyHeaders.v1("192.0.2.70", 40000, "127.0.0.1", 80), false));
        assertEquals(404, metricsStatus(server.httpAddress(), "127.0.0.1",
                ProxyHeaders.v1("192.0.2.71", 40000, "127.0.0.1", 80), false));
    }

    @Test
    void theForwardedClientIsJudgedOnHttpsAfterTheHeader() throws Exception {
        assertEquals(200, metricsStatus(server.httpsAddress(), "127.0.0.1",
                ProxyHeaders.v2("192.0.2.70", 40000, "127.0.0.1", 443), true));
        assertEquals(404, metricsStatus(server.httpsAddress(), "127.0.0.1",
                ProxyHeaders.v2("192.0.2.71", 40000, "127.0.0.1", 443), true));
    }

    @Test
    void anUntrustedClientIsServedDirectlyAndCannotNameAnotherAddress() throws Exception {
        assertEquals(404, metricsStatus(server.httpAddress(), "127.0.0.2", new byte[0], false));
        try (RawHttp http = new RawHttp(connect(server.httpAddress(), "127.0.0.2",
                ProxyHeaders.v1("192.0.2.70", 40000, "127.0.0.1", 80), false))) {
            assertTrue(http.closedByServer());
        }
        log.await("refused connection from 127.0.0.2", "PROXY header");
    }

    @Test
    void aTrustedConnectionWithoutAHeaderIsClosed() throws Exception {
        try (Socket socket = connect(server.httpAddress(), "127.0.0.1", new byte[0], false)) {
            socket.getOutputStream().write(GET_METRICS.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            socket.setSoTimeout(10_000);
            assertEquals(-1, socket.getInputStream().read(), "closed without an answer");
        }
        log.await("from trusted proxy 127.0.0.1", "malformed PROXY header");
    }
}
