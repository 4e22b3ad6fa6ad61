package org.tegami.smtp.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * SMTP smuggling: an end of data that another server would take for CRLF "." CRLF, followed by a second
 * transaction inside the first message. Only CRLF "." CRLF ends the data (RFC 5321 §4.1.1.4); a message with a
 * bare CR or LF is refused as a whole (§2.3.8), so the smuggled transaction is neither run nor delivered.
 */
@Timeout(20)
class SmugglingTest {

    private static final String SMUGGLED = "MAIL FROM:<admin@example.org>\r\nRCPT TO:<alice@example.org>\r\n"
            + "DATA\r\nFrom: admin@example.org\r\nSubject: smuggled\r\n\r\nsmuggled\r\n";

    private TestSmtpServer server;

    @BeforeEach
    void start() {
        server = new TestSmtpServer();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @ParameterizedTest(name = "end of data {0}")
    @ValueSource(strings = {"\\n.\\n", "\\n.\\r\\n", "\\r.\\r\\n", "\\r\\n.\\r", "\\r\\n.\\n"})
    void aSmuggledMessageIsNeverDeliveredOnTheMxPort(String escapedEnd) throws Exception {
        String fakeEnd = escapedEnd.replace("\\r", "\r").replace("\\n", "\n");
        try (SmtpTestClient c = SmtpTestClient.plain(server.address(TestSmtpServer.Port.MX))) {
            c.last();
            c.ehlo("relay.example.net");
            assertEquals("250 2.1.0 Sender OK", c.command("MAIL FROM:<carol@remote.example>"));
            assertEquals("250 2.1.5 Recipient OK", c.command("RCPT TO:<bob@example.org>"));
            assertTrue(c.command("DATA").startsWith("354"));
            c.sendRaw(("From: carol@remote.example\r\nSubject: first\r\n\r\nfirst" + fakeEnd + SMUGGLED + "\r\n.\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            assertEquals("550 5.6.0 Message contains a bare CR or LF; line ends must be CRLF", c.last());
            // Exactly one reply for the message: the next one answers the NOOP, and the session goes on.
            assertEquals("250 2.0.0 OK", c.command("NOOP"));
            assertEquals("250 2.1.0 Sender OK", c.command("MAIL FROM:<carol@remote.example>"));
            assertEquals("250 2.1.5 Recipient OK", c.command("RCPT TO:<bob@example.org>"));
            assertTrue(c.command("DATA").startsWith("354"));
            c.sendRaw("Subject: fine\r\n\r\nfine\r\n.\r\n".getBytes(StandardCharsets.US_ASCII));
            assertTrue(c.last().startsWith("250 2.0.0"));
        }
        assertEquals(List.of(), server.inbox(TestSmtpServer.USER));
        String delivered = server.onlyMessage(TestSmtpServer.OTHER_USER);
        assertTrue(delivered.endsWith("Subject: fine\r\n\r\nfine\r\n"), delivered);
        assertEquals(List.of(), server.store().queue().list());
    }

    @ParameterizedTest(name = "end of data {0}")
    @ValueSource(strings = {"\\n.\\n", "\\n.\\r\\n", "\\r.\\r\\n", "\\r\\n.\\r"})
    void aSmuggledMessageIsNeverSubmitted(String escapedEnd) throws Exception {
        String fakeEnd = escapedEnd.replace("\\r", "\r").replace("\\n", "\n");
        try (SmtpTestClient c = SmtpTestClient.authenticated(server.address(TestSmtpServer.Port.SUBMISSIONS),
                TestSmtpServer.USER, TestSmtpServer.PASSWORD)) {
            c.command("MAIL FROM:<alice@example.org>");
            c.command("RCPT TO:<bob@example.org>");
            c.command("RCPT TO:<someone@remote.example>");
            assertTrue(c.command("DATA").startsWith("354"));
            c.sendRaw(("From: alice@example.org\r\n\r\nfirst" + fakeEnd
                    + SMUGGLED.replace("<alice@example.org>", "<someone@remote.example>") + "\r\n.\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            assertTrue(c.last().startsWith("550 5.6.0"));
            assertEquals("250 2.0.0 OK", c.command("NOOP"));
        }
        assertEquals(List.of(), server.inbox(TestSmtpServer.OTHER_USER));
        assertEquals(List.of(), server.store().queue().list());
    }
}
