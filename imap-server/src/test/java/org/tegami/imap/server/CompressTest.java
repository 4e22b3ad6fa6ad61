package org.tegami.imap.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * COMPRESS=DEFLATE (RFC 4978) inside TLS, on both the implicit-TLS and the STARTTLS port: commands and literals
 * both ways, a message that inflates to megabytes, a second COMPRESS refused, and an IDLE session under
 * compression woken within one second by another session's APPEND (the push is flushed through the compressor).
 */
class CompressTest {

    private TestImapServer server;

    @BeforeEach
    void start() {
        server = new TestImapServer();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private ImapTestClient login() throws IOException {
        ImapTestClient client = ImapTestClient.tls(server.implicitTlsAddress());
        client.readLine();
        ok(client.command("l", "LOGIN " + TestImapServer.USER + " \"" + TestImapServer.PASSWORD + "\""));
        return client;
    }

    private static List<String> ok(List<String> lines) {
        assertTrue(lines.getLast().matches("^\\S+ OK.*"), lines.toString());
        return lines;
    }

    private static void compress(ImapTestClient client) throws IOException {
        assertEquals(List.of("z OK DEFLATE active"), client.command("z", "COMPRESS DEFLATE"));
        client.startCompression();
    }

    private static void append(ImapTestClient client, String tag, byte[] message) throws IOException {
        client.sendRaw((tag + " APPEND INBOX {" + message.length + "+}\r\n").getBytes(StandardCharsets.US_ASCII));
        client.sendRaw(message);
        client.send("");
        ok(client.readUntilTagged(tag));
    }

    @Test
    void commandsAndLiteralsWorkBothWaysUnderCompression() throws IOException {
        try (ImapTestClient client = login()) {
            assertTrue(client.command("c", "CAPABILITY").getFirst().contains(" COMPRESS=DEFLATE"));
            compress(client);
            byte[] message = "Subject: squeezed\r\n\r\nsmall body\r\n".getBytes(StandardCharsets.US_ASCII);
            append(client, "a", message);
            ok(client.command("s", "SELECT INBOX"));
            List<String> fetch = ok(client.command("f", "FETCH 1 BODY.PEEK[]"));
            assertEquals("* 1 FETCH (BODY[] {" + message.length + "}"
                    + ImapTestClient.escape(new String(message, StandardCharsets.US_ASCII)) + ")", fetch.getFirst());
            assertEquals(List.of("x NO [COMPRESSIONACTIVE] Compression is already active"),
                    client.command("x", "COMPRESS DEFLATE"));
            assertEquals(List.of("n OK NOOP completed"), client.command("n", "NOOP"));
        }
    }

    @Test
    void aMessageThatInflatesToMegabytesArrivesWhole() throws IOException {
        StringBuilder text = new StringBuilder("Subject: big and repetitive\r\n\r\n");
        while (text.length() < 6 * 1024 * 1024) {
            text.append("All work and no play makes a dull message body.\r\n");
        }
        byte[] message = text.toString().getBytes(StandardCharsets.US_ASCII);
        try (ImapTestClient client = login()) {
            compress(client);
            append(client, "a", message);
            ok(client.command("s", "SELECT INBOX"));
            List<String> size = ok(client.command("f", "FETCH 1 RFC822.SIZE"));
            assertEquals("* 1 FETCH (RFC822.SIZE " + message.length + ")", size.getFirst());
        }
        byte[] stored = server.store().blobs().read(server.store().messages()
                .fetch(server.store().mailboxes().findMailbox(server.store().accounts()
                        .findAccount(TestImapServer.USER).orElseThrow().id(), "INBOX").orElseThrow().id(),
                        List.of(new org.tegami.store.Uid(1)), false).getFirst().content());
        assertTrue(java.util.Arrays.equals(message, stored), "stored byte for byte");
    }

    @Test
    void unknownMechanismIsRefusedAndCompressNeedsLogin() throws IOException {
        try (ImapTestClient client = ImapTestClient.tls(server.implicitTlsAddress())) {
            client.readLine();
            assertEquals(List.of("b BAD Command not allowed before authentication"),
                    client.command("b", "COMPRESS DEFLATE"));
            ok(client.command("l", "LOGIN " + TestImapServer.USER + " \"" + TestImapServer.PASSWORD + "\""));
            assertEquals(List.of("u NO Unsupported compression mechanism"), client.command("u", "COMPRESS LZ4"));
            assertEquals(List.of("n OK NOOP completed"), client.command("n", "NOOP"), "still uncompressed");
        }
    }

    @Test
    void compressionAfterStarttls() throws IOException {
        try (ImapTestClient client = ImapTestClient.plain(server.startTlsAddress())) {
            client.readLine();
            ok(client.command("t", "STARTTLS"));
            client.startTls();
            ok(client.command("l", "LOGIN " + TestImapServer.USER + " \"" + TestImapServer.PASSWORD + "\""));
            compress(client);
            List<String> list = ok(client.command("s", "LIST \"\" INBOX"));
            assertTrue(list.getFirst().startsWith("* LIST ("), list.toString());
        }
    }

    @Test
    void anIdleSessionUnderCompressionIsWokenWithinOneSecond() throws IOException {
        try (ImapTestClient phone = login(); ImapTestClient laptop = login()) {
            ok(phone.command("v", "ENABLE IMAP4rev2"));
            compress(phone);
            ok(phone.command("s", "SELECT INBOX"));
            phone.send("i IDLE");
            assertEquals("+ idling", phone.readLine());
            phone.setReadTimeoutMillis(1000);
            long started = System.nanoTime();
            append(laptop, "a", "Subject: wake up\r\n\r\nnew mail\r\n".getBytes(StandardCharsets.US_ASCII));
            assertEquals("* 1 EXISTS", phone.readLine());
            long millis = (System.nanoTime() - started) / 1_000_000;
            assertTrue(millis < 1000, "woken after " + millis + " ms");
            phone.send("DONE");
            assertEquals("i OK IDLE terminated", phone.readLine());
        }
    }
}
