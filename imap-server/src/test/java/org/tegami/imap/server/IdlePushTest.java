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
 * The multi-device case: a session in IDLE is told of another session's APPEND, STORE and EXPUNGE
 * within one second (each read has a one-second deadline, counted from the other session's tagged OK).
 */
class IdlePushTest {

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
        List<String> ok = client.command("l", "LOGIN " + TestImapServer.USER + " \"" + TestImapServer.PASSWORD + "\"");
        assertTrue(ok.getLast().startsWith("l OK"), ok.toString());
        return client;
    }

    private static void append(ImapTestClient client, String tag, String subject) throws IOException {
        byte[] message = ("Subject: " + subject + "\r\n\r\nbody\r\n").getBytes(StandardCharsets.US_ASCII);
        client.sendRaw((tag + " APPEND INBOX {" + message.length + "+}\r\n").getBytes(StandardCharsets.US_ASCII));
        client.sendRaw(message);
        client.send("");
        assertTrue(client.readUntilTagged(tag).getLast().startsWith(tag + " OK"));
    }

    @Test
    void idleSessionSeesAppendsFlagChangesAndExpungesWithinOneSecond() throws IOException {
        try (ImapTestClient phone = login(); ImapTestClient laptop = login()) {
            // IMAP4rev2 has no \Recent, which either session could otherwise claim first.
            assertTrue(phone.command("v", "ENABLE IMAP4rev2").getLast().startsWith("v OK"));
            assertTrue(phone.command("s", "SELECT INBOX").getLast().startsWith("s OK"));
            assertTrue(laptop.command("s", "SELECT INBOX").getLast().startsWith("s OK"));
            phone.send("i IDLE");
            assertEquals("+ idling", phone.readLine());
            phone.setReadTimeoutMillis(1000);

            append(laptop, "a1", "first");
            assertEquals("* 1 EXISTS", phone.readLine());

            assertTrue(laptop.command("f", "STORE 1 +FLAGS.SILENT (\\Flagged)").getLast().startsWith("f OK"));
            assertEquals("* 1 FETCH (FLAGS (\\Flagged))", phone.readLine());

            append(laptop, "a2", "second");
            assertEquals("* 2 EXISTS", phone.readLine());

            assertTrue(laptop.command("d", "STORE 1 +FLAGS.SILENT (\\Deleted)").getLast().startsWith("d OK"));
            assertEquals("* 1 FETCH (FLAGS (\\Deleted \\Flagged))", phone.readLine());
            assertTrue(laptop.command("e", "EXPUNGE").getLast().startsWith("e OK"));
            assertEquals("* 1 EXPUNGE", phone.readLine());

            phone.send("DONE");
            assertEquals("i OK IDLE terminated", phone.readLine());
            List<String> fetch = phone.command("g", "FETCH 1 (UID)");
            assertEquals("* 1 FETCH (UID 2)", fetch.getFirst());
        }
    }

    @Test
    void sessionOutsideIdleGetsUpdatesAtTheNextCommandAndNoExpungeDuringFetch() throws IOException {
        try (ImapTestClient one = login(); ImapTestClient two = login()) {
            append(one, "a1", "first");
            append(one, "a2", "second");
            assertTrue(one.command("s", "SELECT INBOX").getLast().startsWith("s OK"));
            assertTrue(two.command("s", "SELECT INBOX").getLast().startsWith("s OK"));
            assertTrue(two.command("d", "STORE 1 +FLAGS.SILENT (\\Deleted)").getLast().startsWith("d OK"));
            assertTrue(two.command("e", "EXPUNGE").getLast().startsWith("e OK"));
            // RFC 9051 §7.5.1: no EXPUNGE while answering FETCH by sequence number; the flag change may come.
            List<String> fetch = one.command("f", "FETCH 2 (UID)");
            assertTrue(fetch.stream().noneMatch(l -> l.endsWith("EXPUNGE")), fetch.toString());
            assertTrue(fetch.contains("* 2 FETCH (UID 2)"), fetch.toString());
            List<String> noop = one.command("n", "NOOP");
            assertEquals(List.of("* 1 EXPUNGE", "n OK NOOP completed"), noop);
            assertEquals("* 1 FETCH (UID 2)", one.command("g", "FETCH 1 (UID)").getFirst());
        }
    }
}
