package org.tegami.imap.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.tegami.auth.Network;
import org.tegami.connection.CapturedLog;
import org.tegami.connection.ProxyHeaders;
import org.tegami.connection.ProxyProtocol;
import org.tegami.imap.protocol.ImapLimits;

/**
 * IMAP behind a load balancer that sends PROXY headers, over real sockets: 127.0.0.1 is the trusted
 * balancer, 127.0.0.2 an untrusted client. Each address may hold one connection, so the limit shows
 * which address the server counts.
 */
class ProxyProtocolTest {
    private static final ProxyProtocol TRUST_127_0_0_1 = new ProxyProtocol(List.of(Network.parse("127.0.0.1/32")),
            Duration.ofSeconds(1));

    private TestImapServer server;
    private CapturedLog log;

    @BeforeEach
    void start() {
        server = new TestImapServer(new ImapSettings("localhost", ImapLimits.DEFAULTS, Duration.ofSeconds(30),
                Duration.ofMinutes(30), 1, 1024 * 1024, 5).withProxyProtocol(TRUST_127_0_0_1));
        log = CapturedLog.proxyAnd(ImapSession.class, ImapChannelHandler.class);
    }

    @AfterEach
    void stop() {
        log.close();
        server.close();
    }

    private static Socket connect(InetSocketAddress to, String from) throws IOException {
        Socket socket = new Socket();
        socket.bind(new InetSocketAddress(InetAddress.getByName(from), 0));
        socket.connect(to, 5_000);
        socket.setTcpNoDelay(true);
        return socket;
    }

    /** Connects through the "balancer" at 127.0.0.1, which forwards {@code header} first. */
    private ImapTestClient forwarded(byte[] header, boolean implicitTls) throws IOException {
        Socket socket = connect(implicitTls ? server.implicitTlsAddress() : server.startTlsAddress(), "127.0.0.1");
        socket.getOutputStream().write(header);
        socket.getOutputStream().flush();
        return ImapTestClient.over(socket, implicitTls);
    }

    private static void failLogin(ImapTestClient client) throws IOException {
        String answer = client.command("l", "LOGIN " + TestImapServer.USER + " \"wrong password\"").getLast();
        assertTrue(answer.startsWith("l NO"), answer);
    }

    @Test
    void aVersion1HeaderNamesTheClientForStartTlsLogsAndTheThrottle() throws IOException {
        try (ImapTestClient client = forwarded(ProxyHeaders.v1("192.0.2.10", 50000, "127.0.0.1", 143), false)) {
            assertTrue(client.readLine().startsWith("* OK"));
            assertTrue(client.command("s", "STARTTLS").getLast().startsWith("s OK"));
            client.startTls();
            failLogin(client);
        }
        log.await("failed login from 192.0.2.10");
        assertEquals(1, server.throttle().failureCount(InetAddress.getByName("192.0.2.10")));
        assertEquals(0, server.throttle().failureCount(InetAddress.getByName("127.0.0.1")));
    }

    @Test
    void aVersion2HeaderNamesAnIpv6ClientOnTheImplicitTlsPort() throws IOException {
        InetAddress client6 = InetAddress.getByName("2001:db8::7");
        try (ImapTestClient client = forwarded(ProxyHeaders.v2("2001:db8::7", 50000, "2001:db8::1", 993), true)) {
            assertTrue(client.readLine().startsWith("* OK"));
            failLogin(client);
        }
        log.await("failed login from " + client6.getHostAddress());
        assertEquals(1, server.throttle().failureCount(client6));
        assertEquals(0, server.throttle().failureCount(InetAddress.getByName("127.0.0.1")));
    }

    @Test
    void theConnectionLimitCountsEachForwardedAddress() throws IOException {
        try (ImapTestClient first = forwarded(ProxyHeaders.v2("192.0.2.20", 40000, "127.0.0.1", 143), false)) {
            assertTrue(first.readLine().startsWith("* OK"));
            try (ImapTestClient again = forwarded(ProxyHeaders.v1("192.0.2.20", 40001, "127.0.0.1", 143), false)) {
                String refused = again.readLine();
                assertTrue(refused.startsWith("* BYE [UNAVAILABLE]"), refused);
            }
            log.await("refused connection from 192.0.2.20: too many connections");
            // The same balancer, another client: its own count, although the peer is the same.
            try (ImapTestClient other = forwarded(ProxyHeaders.v2("192.0.2.21", 40002, "127.0.0.1", 143), false)) {
                assertTrue(other.readLine().startsWith("* OK"));
            }
        }
    }

    @Test
    void aLocalHeaderKeepsTheBalancersOwnAddress() throws IOException {
        try (ImapTestClient client = forwarded(ProxyHeaders.v2Local(), true)) {
            assertTrue(client.readLine().startsWith("* OK"));
            failLogin(client);
        }
        log.await("failed login from 127.0.0.1");
        assertEquals(1, server.throttle().failureCount(InetAddress.getByName("127.0.0.1")));
    }

    @Test
    void aHeaderSplitOverTwoSegmentsIsReassembled() throws IOException {
        byte[] header = ProxyHeaders.v2("192.0.2.30", 50000, "127.0.0.1", 993);
        Socket socket = connect(server.implicitTlsAddress(), "127.0.0.1");
        socket.getOutputStream().write(Arrays.copyOf(header, 10));
        socket.getOutputStream().flush();
        // The server has the first part and must still be waiting for the rest.
        socket.setSoTimeout(300);
        assertThrows(SocketTimeoutException.class, () -> socket.getInputStream().read());
        socket.getOutputStream().write(Arrays.copyOfRange(header, 10, header.length));
        socket.getOutputStream().flush();
        try (ImapTestClient client = ImapTestClient.over(socket, true)) {
            assertTrue(client.readLine().startsWith("* OK"));
            failLogin(client);
        }
        assertEquals(1, server.throttle().failureCount(InetAddress.getByName("192.0.2.30")));
    }

    @Test
    void aPipelinedCommandRightAfterTheHeaderIsServed() throws IOException {
        byte[] header = ProxyHeaders.v1("192.0.2.40", 50000, "127.0.0.1", 143);
        byte[] command = "c CAPABILITY\r\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        byte[] both = Arrays.copyOf(header, header.length + command.length);
        System.arraycopy(command, 0, both, header.length, command.length);
        try (ImapTestClient client = forwarded(both, false)) {
            assertTrue(client.readLine().startsWith("* OK"));
            assertTrue(client.readUntilTagged("c").getLast().startsWith("c OK"));
        }
    }

    @Test
    void aProxyHeaderFromAnUntrustedAddressIsRefused() throws IOException {
        try (ImapTestClient client = ImapTestClient.over(connect(server.startTlsAddress(), "127.0.0.2"), false)) {
            assertTrue(client.readLine().startsWith("* OK"), "an untrusted client is served directly");
            client.sendRaw(ProxyHeaders.v1("192.0.2.50", 50000, "127.0.0.1", 143));
            client.send("n NOOP");
            assertNull(client.readLine(), "closed without an answer");
        }
        log.await("refused connection from 127.0.0.2", "PROXY header");
        assertTrue(log.lines().stream().noneMatch(line -> line.contains("192.0.2.50")), log.lines().toString());
    }

    @Test
    void anUntrustedClientWithoutHeaderIsServedDirectly() throws IOException {
        try (ImapTestClient client = ImapTestClient.over(connect(server.implicitTlsAddress(), "127.0.0.2"), true)) {
            assertTrue(client.readLine().startsWith("* OK"));
            assertTrue(client.command("n", "NOOP").getLast().startsWith("n OK"));
            failLogin(client);
        }
        assertEquals(1, server.throttle().failureCount(InetAddress.getByName("127.0.0.2")));
    }

    @Test
    void aTrustedConnectionThatDoesNotStartWithAHeaderIsClosed() throws IOException {
        try (ImapTestClient client = ImapTestClient.over(connect(server.startTlsAddress(), "127.0.0.1"), false)) {
            client.send("a NOOP");
            assertNull(client.readLine(), "no greeting, no answer");
        }
        log.await("from trusted proxy 127.0.0.1", "malformed PROXY header");
    }

    @Test
    void aMalformedHeaderFromATrustedAddressClosesTheConnection() throws IOException {
        byte[] malformed = "PROXY TCP4 192.0.2.999 127.0.0.1 1 2\r\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        try (ImapTestClient client = forwarded(malformed, false)) {
            assertNull(client.readLine(), "no greeting");
        }
        log.await("from trusted proxy 127.0.0.1", "malformed PROXY header");
    }

    @Test
    void aTrustedConnectionThatSendsNothingIsClosedAfterTheHeaderTimeout() throws IOException {
        try (ImapTestClient client = ImapTestClient.over(connect(server.startTlsAddress(), "127.0.0.1"), false)) {
            assertNull(client.readLine(), "closed after one second, with no greeting");
        }
        log.await("no PROXY header within 1000 ms");
    }
}
