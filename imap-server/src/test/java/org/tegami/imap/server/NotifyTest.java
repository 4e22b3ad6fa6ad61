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

    /**
     * RFC 5465 §5.8 over the wire: while the session is held up writing a large FETCH to a client that does not
     * read, other sessions change three mailboxes, one more than {@code notify_max_pending_notifications}; once
     * the client reads again it gets the FETCH, then {@code * OK [NOTIFICATIONOVERFLOW]}, and nothing more after.
     */
    @Test
    void changesPastThePendingLimitOverflowOnceAndStopNotifications() throws IOException {
        server.close();
        server = new TestImapServer(new ImapSettings("localhost", org.tegami.imap.protocol.ImapLimits.DEFAULTS,
                java.time.Duration.ofSeconds(30), java.time.Duration.ofMinutes(30), 20, 1024 * 1024, 5)
                .withNotifyLimits(ImapSettings.DEFAULT_MAX_WATCHED_MAILBOXES, 2));
        byte[] large = new byte[4 * 1024 * 1024];
        java.util.Arrays.fill(large, (byte) 'x');
        byte[] header = "Subject: large\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(header, 0, large, 0, header.length);
        try (ImapTestClient slow = ImapTestClient.tls(server.implicitTlsAddress(), 16 * 1024);
             ImapTestClient laptop = login()) {
            slow.readLine();
            ok(slow, "l", "LOGIN " + TestImapServer.USER + " \"" + TestImapServer.PASSWORD + "\"");
            slow.sendRaw(("a APPEND INBOX {" + large.length + "+}\r\n").getBytes(StandardCharsets.US_ASCII));
            slow.sendRaw(large);
            slow.send("");
            assertTrue(slow.readUntilTagged("a").getLast().startsWith("a OK"));
            ok(slow, "s", "SELECT INBOX");
            ok(slow, "n", "NOTIFY SET (personal (MessageNew MessageExpunge))");
            slow.send("f FETCH 1 BODY.PEEK[]");

            // Wait until the kernel's buffers are full and the session waits to write.
            long deadline = System.nanoTime() + java.time.Duration.ofSeconds(10).toNanos();
            while (server.largestQueuedOutputBytes() < 64 * 1024) {
                assertTrue(System.nanoTime() < deadline, "the server never queued output for the slow client");
                Thread.onSpinWait();
            }
            append(laptop, "a1", "Drafts", "one");
            append(laptop, "a2", "Sent", "two");
            append(laptop, "a3", "Trash", "three");

            List<String> fetched = slow.readUntilTagged("f");
            assertTrue(fetched.getLast().startsWith("f OK"), fetched.getLast());
            slow.setReadTimeoutMillis(5000);
            assertEquals("* OK [NOTIFICATIONOVERFLOW] Too many changes to report; notifications are off",
                    slow.readLine());
            // As after NOTIFY NONE: neither other mailboxes nor the selected one are reported any more.
            append(laptop, "a4", "Drafts", "four");
            append(laptop, "a5", "INBOX", "five");
            assertEquals(List.of("o OK NOOP completed"), slow.command("o", "NOOP"));
        }
    }
}
