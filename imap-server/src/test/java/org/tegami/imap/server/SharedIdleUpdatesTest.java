package org.tegami.imap.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.tegami.store.postgres.PostgresTestDatabase;

/**
 * Sessions in IDLE on one mailbox share each change's delta (one store read, {@link MailboxDeltas}), yet each
 * is told exactly what its own state calls for: IMAP4rev1 sessions EXISTS and RECENT (with {@code \Recent}
 * for exactly one of them, RFC 3501 §2.3.2), CONDSTORE sessions UID and MODSEQ with flag changes (RFC 7162
 * §3.1.4), QRESYNC sessions VANISHED instead of EXPUNGE (RFC 7162 §3.2.10), and a session that selected
 * later than the others the same.
 */
class SharedIdleUpdatesTest {

    private static final Pattern MODSEQ_FETCH =
            Pattern.compile("^\\* 1 FETCH \\(FLAGS \\(\\\\Flagged\\) UID 1 MODSEQ \\((\\d+)\\)\\)$");

    private TestImapServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void onSqlite() throws IOException {
        server = new TestImapServer(TestImapServer.Backend.SQLITE);
        eachIdleSessionIsToldExactlyWhatItsStateCallsFor();
    }

    /** On PostgreSQL, where the change feed comes through LISTEN/NOTIFY (DESIGN.md rule 11). */
    @Test
    void onPostgres() throws IOException {
        PostgresTestDatabase.requireAvailable();
        server = new TestImapServer(TestImapServer.Backend.POSTGRES);
        eachIdleSessionIsToldExactlyWhatItsStateCallsFor();
    }

    private ImapTestClient login(String enable) throws IOException {
        ImapTestClient client = ImapTestClient.tls(server.implicitTlsAddress());
        client.readLine();
        ok(client.command("l", "LOGIN " + TestImapServer.USER + " \"" + TestImapServer.PASSWORD + "\""));
        if (enable != null) {
            ok(client.command("e", "ENABLE " + enable));
        }
        client.setReadTimeoutMillis(10_000);
        return client;
    }

    private static List<String> ok(List<String> lines) {
        assertTrue(lines.getLast().matches("^\\S+ OK.*"), lines.toString());
        return lines;
    }

    private static void append(ImapTestClient client, String tag) throws IOException {
        byte[] message = ("Subject: " + tag + "\r\n\r\nbody\r\n").getBytes(StandardCharsets.US_ASCII);
        client.sendRaw((tag + " APPEND INBOX {" + message.length + "+}\r\n").getBytes(StandardCharsets.US_ASCII));
        client.sendRaw(message);
        client.send("");
        ok(client.readUntilTagged(tag));
    }

    private static void selectAndIdle(ImapTestClient client, String command) throws IOException {
        List<String> select = ok(client.command("s", command + " INBOX"));
        assertTrue(select.contains("* 0 RECENT") || select.stream().noneMatch(l -> l.endsWith(" RECENT")),
                select.toString());
        client.send("i IDLE");
        assertEquals("+ idling", client.readLine());
    }

    private void eachIdleSessionIsToldExactlyWhatItsStateCallsFor() throws IOException {
        try (ImapTestClient writer = login(null);
             ImapTestClient plain = login(null);
             ImapTestClient other = login(null);
             ImapTestClient condstore = login("CONDSTORE");
             ImapTestClient qresync = login("QRESYNC IMAP4rev2");
             ImapTestClient late = login(null)) {
            // One message, seen as recent by the writer alone, so the others start with none recent.
            append(writer, "a1");
            ok(writer.command("s", "SELECT INBOX"));
            ok(writer.command("u", "UNSELECT"));
            for (ImapTestClient c : List.of(plain, other, condstore)) {
                selectAndIdle(c, "SELECT");
            }
            // Read-only, so it never takes \Recent away from the others (RFC 3501 §6.3.2).
            selectAndIdle(qresync, "EXAMINE");

            // An APPEND from a session without the mailbox selected: everyone hears of it, and exactly one
            // read-write session gets it as recent.
            append(writer, "a2");
            List<ImapTestClient> rev1 = List.of(plain, other, condstore);
            List<String> recents = new ArrayList<>();
            for (ImapTestClient c : rev1) {
                assertEquals("* 2 EXISTS", c.readLine());
                recents.add(c.readLine());
            }
            assertEquals("* 2 EXISTS", qresync.readLine());
            assertEquals(1, recents.stream().filter("* 1 RECENT"::equals).count(), recents.toString());
            assertEquals(2, recents.stream().filter("* 0 RECENT"::equals).count(), recents.toString());

            // A session selecting now, at a later MODSEQ than the others started from.
            List<String> select = ok(late.command("s", "SELECT INBOX"));
            assertTrue(select.contains("* 2 EXISTS"), select.toString());
            late.send("i IDLE");
            assertEquals("+ idling", late.readLine());

            ok(writer.command("s", "SELECT INBOX"));
            ok(writer.command("f", "STORE 1 +FLAGS.SILENT (\\Flagged)"));
            assertEquals("* 1 FETCH (FLAGS (\\Flagged))", plain.readLine());
            assertEquals("* 1 FETCH (FLAGS (\\Flagged))", other.readLine());
            assertEquals("* 1 FETCH (FLAGS (\\Flagged))", late.readLine());
            Matcher withModSeq = MODSEQ_FETCH.matcher(condstore.readLine());
            assertTrue(withModSeq.matches(), withModSeq.toString());
            Matcher qresyncFetch = MODSEQ_FETCH.matcher(qresync.readLine());
            assertTrue(qresyncFetch.matches());
            assertEquals(withModSeq.group(1), qresyncFetch.group(1));

            ok(writer.command("d", "STORE 2 +FLAGS.SILENT (\\Deleted)"));
            for (ImapTestClient c : List.of(plain, other, late, condstore, qresync)) {
                assertTrue(c.readLine().startsWith("* 2 FETCH (FLAGS (\\Deleted"));
            }
            ok(writer.command("x", "EXPUNGE"));
            for (ImapTestClient c : List.of(plain, other, late, condstore)) {
                assertEquals("* 2 EXPUNGE", c.readLine());
            }
            assertEquals("* VANISHED 2", qresync.readLine());

            // Nothing more was sent to anyone: the next line each reads is its IDLE's end.
            for (ImapTestClient c : List.of(plain, other, late, condstore, qresync)) {
                c.send("DONE");
                assertEquals("i OK IDLE terminated", c.readLine());
                assertEquals(List.of("* 1 FETCH (UID 1)", "n OK FETCH completed"), c.command("n", "FETCH 1:* (UID)"));
            }
        }
    }
}
