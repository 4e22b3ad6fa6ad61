package org.tegami.smtp.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.tegami.smtp.protocol.SmtpLimits;

/** Every limit at work over a real connection: sizes, recipients, line length, rates, errors and time. */
@Timeout(30)
class LimitsTest {

    /** 1000-octet messages, 512-octet command lines (RFC 5321 §4.5.3.1.4's minimum), 3 recipients. */
    private static final SmtpLimits SMALL = new SmtpLimits(512, 1000, 3);

    private static String body(int octets) {
        return "x".repeat(octets - 2) + "\r\n";
    }

    private static SmtpTestClient mx(TestSmtpServer server) throws Exception {
        SmtpTestClient c = SmtpTestClient.plain(server.address(TestSmtpServer.Port.MX));
        c.last();
        c.ehlo("relay.example.net");
        return c;
    }

    @Test
    void sizeIsAdvertisedAndADeclaredOversizeIsRefused() throws Exception {
        try (TestSmtpServer server = new TestSmtpServer(SMALL, 500); SmtpTestClient c = mx(server)) {
            assertTrue(c.ehlo("relay.example.net").contains("250-SIZE 1000"));
            // RFC 1870 §6.1: at the limit is fine, one past it is 552.
            assertEquals("250 2.1.0 Sender OK", c.command("MAIL FROM:<carol@remote.example> SIZE=1000"));
            assertEquals("250 2.0.0 OK", c.command("RSET"));
            assertTrue(c.command("MAIL FROM:<carol@remote.example> SIZE=1001").startsWith("552 5.3.4"));
            assertTrue(c.command("MAIL FROM:<carol@remote.example> SIZE=99999999999999999999").startsWith("552 5.3.4"));
            assertEquals("250 2.1.0 Sender OK", c.command("MAIL FROM:<carol@remote.example>"));
        }
    }

    @Test
    void anActualOversizeIsRefusedAndAMessageAtTheLimitIsNot() throws Exception {
        try (TestSmtpServer server = new TestSmtpServer(SMALL, 500); SmtpTestClient c = mx(server)) {
            for (int size : new int[] {1001, 1000, 50_000}) {
                c.command("MAIL FROM:<carol@remote.example>");
                c.command("RCPT TO:<bob@example.org>");
                assertTrue(c.command("DATA").startsWith("354"));
                c.sendRaw((body(size) + ".\r\n").getBytes(StandardCharsets.US_ASCII));
                String reply = c.last();
                assertTrue(size == 1000 ? reply.startsWith("250 2.0.0") : reply.startsWith("552 5.3.4"), size + ": " + reply);
            }
            assertEquals("250 2.0.0 OK", c.command("NOOP"));
            String stored = server.onlyMessage(TestSmtpServer.OTHER_USER);
            assertTrue(stored.endsWith("\r\n" + body(1000)), stored);
        }
    }

    @Test
    void tooManyRecipientsIsATemporaryFailure() throws Exception {
        try (TestSmtpServer server = new TestSmtpServer(SMALL, 500); SmtpTestClient c = mx(server)) {
            c.command("MAIL FROM:<carol@remote.example>");
            for (int i = 0; i < 3; i++) {
                assertEquals("250 2.1.5 Recipient OK", c.command("RCPT TO:<bob@example.org>"));
            }
            assertEquals("452 4.5.3 Too many recipients", c.command("RCPT TO:<alice@example.org>"));
            assertTrue(c.command("DATA").startsWith("354"));
            c.sendRaw("Subject: s\r\n\r\nb\r\n.\r\n".getBytes(StandardCharsets.US_ASCII));
            assertTrue(c.last().startsWith("250 2.0.0"));
            assertEquals(List.of(), server.inbox(TestSmtpServer.USER));
        }
    }

    @Test
    void aHugeCommandLineIsRefusedAndTheSessionSurvives() throws Exception {
        try (TestSmtpServer server = new TestSmtpServer(); SmtpTestClient c = mx(server)) {
            byte[] line = new byte[100 * 1024];
            Arrays.fill(line, (byte) 'A');
            c.sendRaw("NOOP ".getBytes(StandardCharsets.US_ASCII));
            c.sendRaw(line);
            c.sendRaw("\r\n".getBytes(StandardCharsets.US_ASCII));
            assertEquals("500 5.5.6 Line too long", c.last());
            assertEquals("250 2.0.0 OK", c.command("NOOP"));
            // At the limit (4096 octets without CRLF) a line is still read; one past it is not.
            assertEquals("250 2.0.0 OK", c.command("NOOP " + "a".repeat(4096 - 5)));
            assertEquals("500 5.5.6 Line too long", c.command("NOOP " + "a".repeat(4096 - 4)));
            assertEquals("250 2.0.0 OK", c.command("NOOP"));
        }
    }

    @Test
    void nulInACommandIsASyntaxError() throws Exception {
        try (TestSmtpServer server = new TestSmtpServer(); SmtpTestClient c = mx(server)) {
            c.sendRaw("MAIL FROM:<carol@remote.example>\0 SIZE=10\r\n".getBytes(StandardCharsets.US_ASCII));
            assertTrue(c.last().startsWith("501 5.5.2"));
            c.sendRaw("NO\0OP\r\n".getBytes(StandardCharsets.US_ASCII));
            assertTrue(c.last().startsWith("50"));
            assertEquals("250 2.0.0 OK", c.command("NOOP"));
        }
    }

    @Test
    void nulInDataGetsOneReplyAndIsStoredAsSent() throws Exception {
        try (TestSmtpServer server = new TestSmtpServer(); SmtpTestClient c = mx(server)) {
            c.command("MAIL FROM:<carol@remote.example>");
            c.command("RCPT TO:<bob@example.org>");
            assertTrue(c.command("DATA").startsWith("354"));
            c.sendRaw("Subject: nul\r\n\r\na\0b\r\n.\r\n".getBytes(StandardCharsets.US_ASCII));
            String reply = c.last();
            assertTrue(reply.startsWith("250 2.0.0"), reply);
            assertEquals("250 2.0.0 OK", c.command("NOOP"));
            assertTrue(server.onlyMessage(TestSmtpServer.OTHER_USER).endsWith("Subject: nul\r\n\r\na\0b\r\n"));
        }
    }

    @Test
    void theHourlySubmissionLimitHolds() throws Exception {
        try (TestSmtpServer server = new TestSmtpServer(SmtpLimits.DEFAULTS, 2);
             SmtpTestClient c = SmtpTestClient.authenticated(server.address(TestSmtpServer.Port.SUBMISSIONS),
                     TestSmtpServer.USER, TestSmtpServer.PASSWORD)) {
            for (int i = 0; i < 2; i++) {
                assertEquals("250 2.1.0 Sender OK", c.command("MAIL FROM:<alice@example.org>"));
                c.command("RCPT TO:<bob@example.org>");
                c.command("DATA");
                c.sendRaw("From: alice@example.org\r\n\r\nb\r\n.\r\n".getBytes(StandardCharsets.US_ASCII));
                assertTrue(c.last().startsWith("250 2.0.0"));
            }
            assertTrue(c.command("MAIL FROM:<alice@example.org>").startsWith("450 4.7.1"));
            assertEquals(2, server.inbox(TestSmtpServer.OTHER_USER).size());
            // The limit is the account's, not the connection's.
            try (SmtpTestClient again = SmtpTestClient.authenticated(server.address(TestSmtpServer.Port.SUBMISSIONS),
                    TestSmtpServer.USER, TestSmtpServer.PASSWORD)) {
                assertTrue(again.command("MAIL FROM:<alice@example.org>").startsWith("450 4.7.1"));
            }
            try (SmtpTestClient bob = SmtpTestClient.authenticated(server.address(TestSmtpServer.Port.SUBMISSIONS),
                    TestSmtpServer.OTHER_USER, TestSmtpServer.PASSWORD)) {
                assertEquals("250 2.1.0 Sender OK", bob.command("MAIL FROM:<bob@example.org>"));
            }
        }
    }

    @Test
    void tooManyErrorsCloseTheConnection() throws Exception {
        try (TestSmtpServer server = new TestSmtpServer(Duration.ofMinutes(5), 3); SmtpTestClient c = mx(server)) {
            assertTrue(c.command("FOO").startsWith("500 5.5.1"));
            assertTrue(c.command("RCPT TO:<bob@example.org>").startsWith("503 5.5.1"));
            assertTrue(c.command("BAR").startsWith("500 5.5.1"));
            assertEquals("421 4.7.0 Too many errors; closing connection", c.last());
            assertTrue(c.closedByServer());
        }
    }

    @Test
    void anIdleSessionIsClosedAfterTheCommandTimeout() throws Exception {
        try (TestSmtpServer server = new TestSmtpServer(Duration.ofMillis(300), 20);
             SmtpTestClient c = SmtpTestClient.plain(server.address(TestSmtpServer.Port.MX))) {
            assertTrue(c.last().startsWith("220"));
            assertEquals("250 2.0.0 OK", c.command("NOOP"));
            // RFC 5321 §4.5.3.2.7: the server may close an idle connection; it says so with 421 first.
            assertEquals("421 4.4.2 mail.example.org timeout; closing connection", c.last());
            assertTrue(c.closedByServer());
        }
    }

    @Test
    void aStalledMessageIsClosedAfterTheTimeout() throws Exception {
        try (TestSmtpServer server = new TestSmtpServer(Duration.ofMillis(300), 20); SmtpTestClient c = mx(server)) {
            c.command("MAIL FROM:<carol@remote.example>");
            c.command("RCPT TO:<bob@example.org>");
            assertTrue(c.command("DATA").startsWith("354"));
            c.sendRaw("Subject: never ends\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            assertTrue(c.last().startsWith("421 4.4.2"));
            assertTrue(c.closedByServer());
            assertEquals(List.of(), server.inbox(TestSmtpServer.OTHER_USER));
        }
    }
}
