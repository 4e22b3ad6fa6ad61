package org.tegami.smtp.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** LMTP (RFC 2033): LHLO instead of EHLO, local recipients only, one reply per accepted recipient after DATA. */
@Timeout(20)
class LmtpTest {

    private TestSmtpServer server;

    @BeforeEach
    void start() {
        server = new TestSmtpServer();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private SmtpTestClient connect() throws Exception {
        SmtpTestClient c = SmtpTestClient.plain(server.address(TestSmtpServer.Port.LMTP));
        assertTrue(c.last().startsWith("220 mail.example.org LMTP"));
        return c;
    }

    @Test
    void ehloAndHeloAreRefusedAndLhloGreets() throws Exception {
        try (SmtpTestClient c = connect()) {
            assertEquals("500 5.5.1 This is an LMTP server; use LHLO", c.command("EHLO client"));
            assertEquals("500 5.5.1 This is an LMTP server; use LHLO", c.command("HELO client"));
            assertEquals("503 5.5.1 Send EHLO first", c.command("MAIL FROM:<carol@remote.example>"));
            c.send("LHLO client");
            List<String> lhlo = c.reply();
            assertTrue(lhlo.getFirst().startsWith("250-mail.example.org"), lhlo.toString());
            assertTrue(lhlo.contains("250-PIPELINING") && lhlo.contains("250-ENHANCEDSTATUSCODES"), lhlo.toString());
            assertTrue(lhlo.stream().noneMatch(l -> l.contains("AUTH")), lhlo.toString());
        }
        try (SmtpTestClient c = SmtpTestClient.plain(server.address(TestSmtpServer.Port.MX))) {
            c.last();
            assertEquals("500 5.5.1 LHLO is an LMTP command; use EHLO", c.command("LHLO client"));
        }
    }

    @Test
    void everyAcceptedRecipientGetsItsOwnReply() throws Exception {
        server.store().accounts().putAlias("team@example.org", List.of("alice@example.org", "bob@example.org"));
        String message = "From: carol@remote.example\r\nSubject: lmtp\r\n\r\nhello\r\n";
        try (SmtpTestClient c = connect()) {
            c.send("LHLO client");
            c.reply();
            assertEquals("250 2.1.0 Sender OK", c.command("MAIL FROM:<carol@remote.example>"));
            assertEquals("250 2.1.5 Recipient OK", c.command("RCPT TO:<alice@example.org>"));
            assertEquals("550 5.1.1 No such user here", c.command("RCPT TO:<nobody@example.org>"));
            assertEquals("554 5.7.1 Relay access denied", c.command("RCPT TO:<dave@remote.example>"));
            assertEquals("250 2.1.5 Recipient OK", c.command("RCPT TO:<bob@example.org>"));
            assertEquals("250 2.1.5 Recipient OK", c.command("RCPT TO:<team@example.org>"));
            assertTrue(c.command("DATA").startsWith("354"));
            c.sendRaw((message + ".\r\n").getBytes(StandardCharsets.US_ASCII));
            // RFC 2033 §4.2: one reply per RCPT that was accepted, in order, and no more.
            for (int i = 0; i < 3; i++) {
                assertTrue(c.last().startsWith("250 2.0.0"));
            }
            assertEquals("250 2.0.0 OK", c.command("NOOP"));
        }
        assertEquals(2, server.inbox(TestSmtpServer.USER).size());
        assertEquals(2, server.inbox(TestSmtpServer.OTHER_USER).size());
        String stored = new String(server.content(server.inbox(TestSmtpServer.OTHER_USER).getFirst()),
                StandardCharsets.UTF_8);
        assertTrue(stored.contains(" with LMTP id "), stored);
        assertTrue(stored.endsWith(message), stored);
        assertEquals(List.of(), server.store().queue().list());
    }

    @Test
    void aRefusedMessageGetsOneRefusalPerRecipient() throws Exception {
        try (SmtpTestClient c = connect()) {
            c.send("LHLO client");
            c.reply();
            c.command("MAIL FROM:<carol@remote.example>");
            c.command("RCPT TO:<alice@example.org>");
            c.command("RCPT TO:<bob@example.org>");
            assertTrue(c.command("DATA").startsWith("354"));
            c.sendRaw("Subject: bare\r\n\r\na\nb\r\n.\r\n".getBytes(StandardCharsets.US_ASCII));
            assertTrue(c.last().startsWith("550 5.6.0"));
            assertTrue(c.last().startsWith("550 5.6.0"));
            assertEquals("250 2.0.0 OK", c.command("NOOP"));
        }
        assertEquals(List.of(), server.inbox(TestSmtpServer.USER));
    }
}
