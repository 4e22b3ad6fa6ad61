package org.tegami.imap.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * NOTIFY (RFC 5465) over real TLS sockets: a session idling in INBOX hears of new mail in another mailbox
 * within one second (the read deadline is counted from the other session's tagged OK), and the selected
 * mailbox's MessageNew carries the fetch attributes without setting \Seen.
 */
class NotifyTest {

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

    private static void ok(ImapTestClient client, String tag, String command) throws IOException {
        List<String> lines = client.command(tag, command);
        assertTrue(lines.getLast().startsWith(tag + " OK"), lines.toString());
    }

    private static void append(ImapTestClient client, String tag, String mailbox, String subject) throws IOException {
        byte[] message = ("Subject: " + subject + "\r\n\r\nbody\r\n").getBytes(StandardCharsets.US_ASCII);
        client.sendRaw((tag + " APPEND " + mailbox + " {" + message.length + "+}\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        client.sendRaw(message);
        client.send("");
        List<String> lines = client.readUntilTagged(tag);
        assertTrue(lines.getLast().startsWith(tag + " OK"), lines.toString());
    }

    @Test
    void newMessageInAnotherMailboxReachesAnIdleSessionWithinOneSecond() throws IOException {
        try (ImapTestClient phone = login(); ImapTestClient laptop = login()) {
            ok(laptop, "c", "CREATE Work");
            ok(phone, "s", "SELECT INBOX");
            ok(phone, "n", "NOTIFY SET (personal (MessageNew MessageExpunge))");
            phone.send("i IDLE");
            assertEquals("+ idling", phone.readLine());

            for (int round = 1; round <= 3; round++) {
                append(laptop, "a" + round, "Work", "report " + round);
                long appended = System.nanoTime();
                phone.setReadTimeoutMillis(1000);
                String status = phone.readLine();
                long millis = (System.nanoTime() - appended) / 1_000_000;
                assertTrue(status.matches("\\* STATUS Work \\(MESSAGES " + round + " UIDNEXT " + (round + 1)
                        + " UIDVALIDITY \\d+\\)"), status);
                System.out.println("NOTIFY STATUS for Work reached the idle session " + millis + " ms after the APPEND");
            }
            // A message for the selected INBOX is an ordinary IDLE push (no selected filter: none at all).
            phone.send("DONE");
            assertEquals("i OK IDLE terminated", phone.readLine());
        }
    }

    @Test
    void selectedMailboxGetsMessageNewFetchAttributesAtOnceWithoutSeen() throws IOException {
        try (ImapTestClient phone = login(); ImapTestClient laptop = login()) {
            ok(phone, "v", "ENABLE IMAP4rev2");
            ok(phone, "s", "SELECT INBOX");
            ok(phone, "n", "NOTIFY SET (selected (MessageNew (UID BODY[HEADER.FIELDS (Subject)]) MessageExpunge))");

            append(laptop, "a", "INBOX", "lunch");
            phone.setReadTimeoutMillis(1000);
            // No command and no IDLE: RFC 5465 §3.1, the client listens at all times.
            assertEquals("* 1 EXISTS", phone.readLine());
            String fetch = phone.readLine();
            assertTrue(fetch.startsWith("* 1 FETCH (UID 1 BODY[HEADER.FIELDS (Subject)] {"), fetch);
            assertTrue(fetch.contains("Subject: lunch"), fetch);
            List<String> flags = phone.command("f", "FETCH 1 FLAGS");
            assertEquals("* 1 FETCH (FLAGS ())", flags.getFirst(), "a notification must not set \\Seen");
            assertFalse(flags.getFirst().contains("\\Seen"));
        }
    }
}
