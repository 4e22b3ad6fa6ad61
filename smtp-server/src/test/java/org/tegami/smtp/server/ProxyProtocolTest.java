package org.tegami.smtp.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.tegami.auth.Network;
import org.tegami.connection.CapturedLog;
import org.tegami.connection.ProxyHeaders;
import org.tegami.connection.ProxyProtocol;
import org.tegami.smtp.protocol.SmtpLimits;

/**
 * SMTP behind a load balancer that sends PROXY headers, over real sockets: 127.0.0.1 is the trusted
 * balancer, 127.0.0.2 an untrusted client; each client address may hold one connection.
 */
@Timeout(30)
class ProxyProtocolTest {
    private static final ProxyProtocol TRUST_127_0_0_1 = new ProxyProtocol(List.of(Network.parse("127.0.0.1/32")),
            Duration.ofSeconds(1));

    private TestSmtpServer server;
    private CapturedLog log;

    @BeforeEach
    void start() {
        server = new TestSmtpServer(new SmtpSettings("mail.example.org", SmtpLimits.DEFAULTS, Duration.ofMinutes(5), 1,
                500, 20, TRUST_127_0_0_1));
        log = CapturedLog.proxyAnd(SmtpSession.class, SmtpChannelHandler.class);
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
        return socket;
    }

    private SmtpTestClient forwarded(TestSmtpServer.Port port, byte[] header) throws IOException {
        Socket socket = connect(server.address(port), "127.0.0.1");
        socket.getOutputStream().write(header);
        socket.getOutputStream().flush();
        return SmtpTestClient.over(socket, port == TestSmtpServer.Port.SUBMISSIONS);
    }

    @Test
    void mailFromAForwardedClientNamesItInTheReceivedHeader() throws Exception {
        try (SmtpTestClient c = forwarded(TestSmtpServer.Port.MX, ProxyHeaders.v1("192.0.2.60", 40000, "127.0.0.1", 25))) {
            assertTrue(c.last().startsWith("220 "));
            c.ehlo("relay.example.net");
            assertEquals("250 2.1.0 Sender OK", c.command("MAIL FROM:<carol@remote.example>"));
            assertEquals("250 2.1.5 Recipient OK", c.command("RCPT TO:<bob@example.org>"));
            assertTrue(c.command("DATA").startsWith("354"));
            c.sendRaw("Subject: via the balancer\r\n\r\nHello.\r\n.\r\n".getBytes(StandardCharsets.UTF_8));
            assertTrue(c.last().startsWith("250 "));
        }
        String received = server.onlyMessage(TestSmtpServer.OTHER_USER);
        assertTrue(received.contains("([192.0.2.60])"), received);
        assertTrue(!received.contains("127.0.0.1"), received);
    }

    @Test
    void lmtpOverTcpTakesTheHeaderToo() throws Exception {
        try (SmtpTestClient c = forwarded(TestSmtpServer.Port.LMTP, ProxyHeaders.v2("192.0.2.65", 40000, "127.0.0.1", 24))) {
            assertTrue(c.last().startsWith("220 "));
            c.send("LHLO mta.example.net");
            c.reply();
            assertEquals("250 2.1.0 Sender OK", c.command("MAIL FROM:<carol@remote.example>"));
            assertEquals("250 2.1.5 Recipient OK", c.command("RCPT TO:<bob@example.org>"));
            assertTrue(c.command("DATA").startsWith("354"));
            c.sendRaw("Subject: lmtp\r\n\r\nHello.\r\n.\r\n".getBytes(StandardCharsets.UTF_8));
            assertTrue(c.last().startsWith("250 "));
        }
        String received = server.onlyMessage(TestSmtpServer.OTHER_USER);
        assertTrue(received.contains("([192.0.2.65])"), received);
    }

    @Test
    void aFailedAuthenticationIsLoggedWithTheForwardedAddressOnImplicitTls() throws Exception {
        try (SmtpTestClient c = forwarded(TestSmtpServer.Port.SUBMISSIONS,
                ProxyHeaders.v2("2001:db8::61", 40000, "2001:db8::1", 465))) {
            assertTrue(c.last().startsWith("220 "));
            c.ehlo("client.example.net");
            assertTrue(c.command("AUTH PLAIN " + SmtpTestClient.plain(TestSmtpServer.USER, "wrong")).startsWith("535"));
        }
        log.await("failed authentication from " + InetAddress.getByName("2001:db8::61").getHostAddress());
    }

    @Test
    void startTlsWorksAfterTheHeader() throws Exception {
        try (SmtpTestClient c = forwarded(TestSmtpServer.Port.SUBMISSION,
                ProxyHeaders.v1("192.0.2.62", 40000, "127.0.0.1", 587))) {
            assertTrue(c.last().startsWith("220 "));
            c.ehlo("client.example.net");
            assertTrue(c.command("STARTTLS").startsWith("220"));
            c.startTls();
            c.ehlo("client.example.net");
            assertTrue(c.command("AUTH PLAIN " + SmtpTestClient.plain(TestSmtpServer.USER, TestSmtpServer.PASSWORD))
                    .startsWith("235"));
        }
        log.await("authenticated from 192.0.2.62");
    }

    @Test
    void theConnectionLimitCountsEachForwardedAddress() throws Exception {
        try (SmtpTestClient first = forwarded(TestSmtpServer.Port.MX, ProxyHeaders.v2("192.0.2.63", 1, "127.0.0.1", 25))) {
            assertTrue(first.last().startsWith("220 "));
            try (SmtpTestClient again = forwarded(TestSmtpServer.Port.MX,
                    ProxyHeaders.v1("192.0.2.63", 2, "127.0.0.1", 25))) {
                assertTrue(again.last().startsWith("421 4.7.0"));
            }
            log.await("refused SMTP connection from 192.0.2.63: too many connections");
            try (SmtpTestClient other = forwarded(TestSmtpServer.Port.MX,
                    ProxyHeaders.v2("192.0.2.64", 3, "127.0.0.1", 25))) {
                assertTrue(other.last().startsWith("220 "));
            }
        }
    }

    @Test
    void aProxyHeaderFromAnUntrustedAddressIsRefused() throws Exception {
        try (SmtpTestClient c = SmtpTestClient.over(connect(server.address(TestSmtpServer.Port.MX), "127.0.0.2"), false)) {
            assertTrue(c.last().startsWith("220 "), "an untrusted client is served directly");
            c.sendRaw(ProxyHeaders.v2("192.0.2.66", 40000, "127.0.0.1", 25));
            assertTrue(c.closedByServer());
        }
        log.await("refused connection from 127.0.0.2", "PROXY header");
    }

    @Test
    void aTrustedConnectionWithoutAHeaderIsClosed() throws Exception {
        try (SmtpTestClient c = SmtpTestClient.over(connect(server.address(TestSmtpServer.Port.MX), "127.0.0.1"), false)) {
            c.send("QUIT");
            assertTrue(c.closedByServer(), "no greeting, no answer");
        }
        log.await("from trusted proxy 127.0.0.1", "malformed PROXY header");
    }
}
