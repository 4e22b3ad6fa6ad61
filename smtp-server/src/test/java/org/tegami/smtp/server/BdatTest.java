package org.tegami.smtp.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.tegami.smtp.protocol.SmtpLimits;

/** CHUNKING (RFC 3030): BDAT chunks taken as sent, LAST, empty chunks, mixing with DATA, and the size limit. */
@Timeout(20)
class BdatTest {

    private static final String HEAD = "From: carol@remote.example\r\nSubject: chunks\r\n\r\n";

    private TestSmtpServer server;

    @BeforeEach
    void start() {
        server = new TestSmtpServer(new SmtpLimits(4096, 1000, 100), 500);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private SmtpTestClient transaction() throws Exception {
        SmtpTestClient c = SmtpTestClient.plain(server.address(TestSmtpServer.Port.MX));
        c.last();
        assertTrue(c.ehlo("relay.example.net").contains("250-CHUNKING"));
        assertEquals("250 2.1.0 Sender OK", c.command("MAIL FROM:<carol@remote.example>"));
        assertEquals("250 2.1.5 Recipient OK", c.command("RCPT TO:<bob@example.org>"));
        return c;
    }

    private static void bdat(SmtpTestClient c, String chunk, boolean last) throws Exception {
        byte[] bytes = chunk.getBytes(StandardCharsets.US_ASCII);
        c.sendRaw(("BDAT " + bytes.length + (last ? " LAST" : "") + "\r\n").getBytes(StandardCharsets.US_ASCII));
        c.sendRaw(bytes);
    }

    @Test
    void chunksAreJoinedAsSentWithoutDotStuffing() throws Exception {
        try (SmtpTestClient c = transaction()) {
            bdat(c, HEAD, false);
            assertEquals("250 2.0.0 " + HEAD.length() + " octets received", c.last());
            // A line of just "." is data in a chunk, not an end mark (RFC 3030 §2).
            bdat(c, ".\r\n..two dots\r\n", false);
            assertTrue(c.last().startsWith("250 2.0.0"));
            bdat(c, "end\r\n", true);
            assertTrue(c.last().startsWith("250 2.0.0 OK: message accepted"));
            assertEquals("250 2.0.0 OK", c.command("NOOP"));
        }
        assertTrue(server.onlyMessage(TestSmtpServer.OTHER_USER).endsWith(HEAD + ".\r\n..two dots\r\nend\r\n"));
    }

    @Test
    void pipelinedChunksAndAnEmptyLastChunk() throws Exception {
        try (SmtpTestClient c = transaction()) {
            // RFC 3030 §4.2: BDAT commands may be pipelined; each still gets its own reply.
            c.sendRaw(("BDAT " + HEAD.length() + "\r\n" + HEAD + "BDAT 7\r\nhello\r\nBDAT 0 LAST\r\nNOOP\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            assertTrue(c.last().startsWith("250 2.0.0 " + HEAD.length()));
            assertEquals("250 2.0.0 7 octets received", c.last());
            assertTrue(c.last().startsWith("250 2.0.0 OK: message accepted"));
            assertEquals("250 2.0.0 OK", c.last());
        }
        assertTrue(server.onlyMessage(TestSmtpServer.OTHER_USER).endsWith(HEAD + "hello\r\n"));
    }

    @Test
    void dataAfterBdatIsABadSequence() throws Exception {
        try (SmtpTestClient c = transaction()) {
            bdat(c, HEAD, false);
            c.last();
            // RFC 3030 §2: "If a DATA statement is issued after a BDAT for the current transaction, a 503
            // 'Bad sequence of commands' MUST be issued."
            assertEquals("503 5.5.1 Bad sequence of commands", c.command("DATA"));
            bdat(c, "b\r\n", true);
            assertTrue(c.last().startsWith("250 2.0.0"));
        }
        assertEquals(1, server.inbox(TestSmtpServer.OTHER_USER).size());
    }

    @Test
    void dataAfterAnEmptyBdatIsABadSequenceToo() throws Exception {
        try (SmtpTestClient c = transaction()) {
            c.sendRaw("BDAT 0\r\n".getBytes(StandardCharsets.US_ASCII));
            assertEquals("250 2.0.0 0 octets received", c.last());
            assertEquals("503 5.5.1 Bad sequence of commands", c.command("DATA"));
        }
    }

    @Test
    void bdatOutsideATransactionIsRefusedButItsOctetsAreStillRead() throws Exception {
        try (SmtpTestClient c = SmtpTestClient.plain(server.address(TestSmtpServer.Port.MX))) {
            c.last();
            c.ehlo("relay.example.net");
            // The octets of the chunk are not commands, whatever they look like.
            c.sendRaw("BDAT 6 LAST\r\nRSET\r\nNOOP\r\n".getBytes(StandardCharsets.US_ASCII));
            assertEquals("503 5.5.1 Bad sequence of commands", c.last());
            assertEquals("250 2.0.0 OK", c.last());
            assertTrue(c.command("HELP").startsWith("214 2.0.0"));
        }
    }

    @Test
    void anOversizeChunkOrTotalIsRefused() throws Exception {
        try (SmtpTestClient c = transaction()) {
            bdat(c, "x".repeat(1001), true);
            assertTrue(c.last().startsWith("552 5.3.4"));
            assertEquals("250 2.1.0 Sender OK", c.command("MAIL FROM:<carol@remote.example>"));
            c.command("RCPT TO:<bob@example.org>");
            bdat(c, "x".repeat(600), false);
            c.last();
            bdat(c, "x".repeat(401), true);
            assertTrue(c.last().startsWith("552 5.3.4"));
            assertEquals("250 2.0.0 OK", c.command("NOOP"));
            // A huge announced chunk is read and dropped, never buffered.
            c.sendRaw("MAIL FROM:<carol@remote.example>\r\nRCPT TO:<bob@example.org>\r\n"
                    .getBytes(StandardCharsets.US_ASCII));
            c.last();
            c.last();
            bdat(c, "y".repeat(200_000), true);
            assertTrue(c.last().startsWith("552 5.3.4"));
            assertEquals("250 2.0.0 OK", c.command("NOOP"));
        }
        assertEquals(List.of(), server.inbox(TestSmtpServer.OTHER_USER));
    }

    @Test
    void aLargeChunkWithinTheLimitArrivesIntact() throws Exception {
        StringBuilder body = new StringBuilder(HEAD);
        for (int i = 0; body.length() < 300_000; i++) {
            body.append("line ").append(i).append(" of a chunk larger than the decoder's first buffer\r\n");
        }
        try (TestSmtpServer large = new TestSmtpServer();
             SmtpTestClient c = SmtpTestClient.plain(large.address(TestSmtpServer.Port.MX))) {
            c.last();
            c.ehlo("relay.example.net");
            c.command("MAIL FROM:<carol@remote.example>");
            c.command("RCPT TO:<bob@example.org>");
            bdat(c, body.toString(), true);
            assertTrue(c.last().startsWith("250 2.0.0 OK: message accepted"));
            assertTrue(large.onlyMessage(TestSmtpServer.OTHER_USER).endsWith(body.toString()));
        }
    }

    @Test
    void bdatWithABareLineEndingIsRefused() throws Exception {
        try (SmtpTestClient c = transaction()) {
            bdat(c, HEAD + "a\n.\nb\r\n", true);
            assertTrue(c.last().startsWith("550 5.6.0"));
        }
        assertEquals(List.of(), server.inbox(TestSmtpServer.OTHER_USER));
    }
}
