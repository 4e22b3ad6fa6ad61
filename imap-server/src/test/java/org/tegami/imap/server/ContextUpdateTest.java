package org.tegami.imap.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * CONTEXT=SEARCH and CONTEXT=SORT (RFC 5267 §4.3) between two devices over real TLS connections: a session keeps a
 * search and a sorted search, and learns while in IDLE, or at its next command, which messages another session's
 * APPEND, STORE and EXPUNGE moved into or out of them; its own EXPUNGE reports REMOVEFROM before EXPUNGE; and the
 * limit of update contexts, at one context and one past it. Waits are reads with a deadline, never sleeps.
 */
class ContextUpdateTest {

    private static final long DEADLINE_MILLIS = 10_000;

    private TestImapServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private ImapTestClient login() throws IOException {
        ImapTestClient client = ImapTestClient.tls(server.implicitTlsAddress());
        client.readLine();
        assertOk(client.command("l", "LOGIN " + TestImapServer.USER + " \"" + TestImapServer.PASSWORD + "\""));
        // IMAP4rev2: no \Recent, which either session could claim first.
        assertOk(client.command("v", "ENABLE IMAP4rev2"));
        return client;
    }

    private static void assertOk(List<String> responses) {
        assertTrue(responses.getLast().matches("\\S+ OK.*"), responses.toString());
    }

    private static List<String> append(ImapTestClient client, String tag, String subject) throws IOException {
        byte[] message = ("Subject: " + subject + "\r\n\r\nbody\r\n").getBytes(StandardCharsets.US_ASCII);
        client.sendRaw((tag + " APPEND INBOX {" + message.length + "+}\r\n").getBytes(StandardCharsets.US_ASCII));
        client.sendRaw(message);
        client.send("");
        List<String> responses = client.readUntilTagged(tag);
        assertOk(responses);
        return responses;
    }

    /**
     * Reads until the lines satisfying {@code wanted} have all arrived, in that order, or fails at the deadline; the
     * lines read on the way (FETCH, EXISTS) are returned with them.
     */
    private static List<String> awaitInOrder(ImapTestClient client, String... wanted) throws IOException {
        long deadline = System.currentTimeMillis() + DEADLINE_MILLIS;
        List<String> seen = new ArrayList<>();
        int next = 0;
        while (next < wanted.length) {
            long remaining = deadline - System.currentTimeMillis();
            if (remaining <= 0) {
                fail("not within " + DEADLINE_MILLIS + " ms: " + wanted[next] + "; got " + seen);
            }
            client.setReadTimeoutMillis((int) remaining);
            String line;
            try {
                line = client.readLine();
            } catch (SocketTimeoutException e) {
                fail("not within " + DEADLINE_MILLIS + " ms: " + wanted[next] + "; got " + seen);
                return seen;
            }
            if (line == null) {
                fail("connection closed; got " + seen);
            }
            seen.add(line);
            if (line.equals(wanted[next])) {
                next++;
            }
        }
        return seen;
    }

    @Test
    void anIdleSessionFollowsAnotherSessionsChangesInItsSearchAndSortContexts() throws IOException {
        server = new TestImapServer();
        try (ImapTestClient phone = login(); ImapTestClient laptop = login()) {
            append(laptop, "a1", "cherry");
            append(laptop, "a2", "apple");
            assertOk(phone.command("s", "SELECT INBOX"));
            assertOk(laptop.command("s", "SELECT INBOX"));
            List<String> search = phone.command("c1", "UID SEARCH RETURN (UPDATE) UNSEEN");
            assertEquals("* ESEARCH (TAG \"c1\") UID ALL 1:2", search.getFirst());
            List<String> sort = phone.command("c2", "UID SORT RETURN (UPDATE) (SUBJECT) UTF-8 UNSEEN");
            assertEquals("* ESEARCH (TAG \"c2\") UID ALL 2,1", sort.getFirst());
            phone.send("i IDLE");
            assertEquals("+ idling", phone.readLine());

            // A new message: EXISTS first, then ADDTO; "banana" sorts between apple and cherry.
            append(laptop, "a3", "banana");
            List<String> arrived = awaitInOrder(phone, "* 3 EXISTS", "* ESEARCH (TAG \"c1\") UID ADDTO (0 3)",
                    "* ESEARCH (TAG \"c2\") UID ADDTO (2 3)");
            assertEquals(3, arrived.size(), arrived.toString());

            // Another session's flag change takes apple out, at position 1 in sort order.
            assertOk(laptop.command("f", "UID STORE 2 +FLAGS.SILENT (\\Seen)"));
            awaitInOrder(phone, "* 2 FETCH (FLAGS (\\Seen))", "* ESEARCH (TAG \"c1\") UID REMOVEFROM (0 2)",
                    "* ESEARCH (TAG \"c2\") UID REMOVEFROM (1 2)");

            // Its expunge: REMOVEFROM while the numbers are valid, then the EXPUNGE.
            assertOk(laptop.command("d", "UID STORE 1 +FLAGS.SILENT (\\Deleted)"));
            awaitInOrder(phone, "* 1 FETCH (FLAGS (\\Deleted))");
            assertOk(laptop.command("e", "EXPUNGE"));
            List<String> expunged = awaitInOrder(phone, "* ESEARCH (TAG \"c1\") UID REMOVEFROM (0 1)",
                    "* ESEARCH (TAG \"c2\") UID REMOVEFROM (2 1)", "* 1 EXPUNGE");
            assertEquals(3, expunged.size(), expunged.toString());

            phone.send("DONE");
            assertEquals("i OK IDLE terminated", phone.readLine());
        }
    }

    @Test
    void ownExpungeReportsRemoveFromBeforeExpungeAndMessageNumbersFollow() throws IOException {
        server = new TestImapServer();
        try (ImapTestClient phone = login()) {
            append(phone, "a1", "one");
            append(phone, "a2", "two");
            append(phone, "a3", "three");
            assertOk(phone.command("s", "SELECT INBOX"));
            assertEquals("* ESEARCH (TAG \"c1\") ALL 1:3",
                    phone.command("c1", "SEARCH RETURN (UPDATE) UNDELETED").getFirst());
            assertEquals("* ESEARCH (TAG \"c2\") ALL 1:3",
                    phone.command("c2", "SEARCH RETURN (UPDATE) ALL").getFirst());
            assertEquals(List.of("* ESEARCH (TAG \"c1\") REMOVEFROM (0 2)", "d OK STORE completed"),
                    phone.command("d", "STORE 2 +FLAGS.SILENT (\\Deleted)"));
            assertEquals(List.of("* ESEARCH (TAG \"c2\") REMOVEFROM (0 2)", "* 2 EXPUNGE", "e OK EXPUNGE completed"),
                    phone.command("e", "EXPUNGE"));
            // The former message 3 is now 2.
            assertEquals(List.of("* ESEARCH (TAG \"c1\") REMOVEFROM (0 2)", "f OK STORE completed"),
                    phone.command("f", "STORE 2 +FLAGS.SILENT (\\Flagged \\Deleted)"));
            assertEquals(List.of("n OK NOOP completed"), phone.command("n", "NOOP"));
        }
    }

    @Test
    void aSortContextReportsRunsOfNeighboursAtTheirPositions() throws IOException {
        server = new TestImapServer();
        try (ImapTestClient phone = login()) {
            for (String subject : List.of("e", "a", "c", "b", "d")) {
                append(phone, "a" + subject, subject);
            }
            assertOk(phone.command("s", "SELECT INBOX"));
            assertEquals("* ESEARCH (TAG \"c\") UID ALL 2,4,3,5,1",
                    phone.command("c", "UID SORT RETURN (UPDATE) (SUBJECT) UTF-8 UNSEEN").getFirst());
            // a, b and d leave: a and b as one run at position 1, then d, which is second once they are gone.
            assertEquals(List.of("* ESEARCH (TAG \"c\") UID REMOVEFROM (1 2,4 2 5)", "r OK UID STORE completed"),
                    phone.command("r", "UID STORE 2,4:5 +FLAGS.SILENT (\\Seen)"));
            // They come back: a and b as a run at position 1, d at position 4 (after a, b and c).
            assertEquals(List.of("* ESEARCH (TAG \"c\") UID ADDTO (1 2,4 4 5)", "u OK UID STORE completed"),
                    phone.command("u", "UID STORE 2,4:5 -FLAGS.SILENT (\\Seen)"));
        }
    }

    @Test
    void oneUpdateContextIsKeptAndTheSecondIsRefusedWithNoUpdate() throws IOException {
        server = new TestImapServer(ImapSettings.defaults("localhost").withMaxUpdateContexts(1));
        try (ImapTestClient phone = login()) {
            append(phone, "a1", "one");
            assertOk(phone.command("s", "SELECT INBOX"));
            List<String> first = phone.command("c1", "UID SEARCH RETURN (UPDATE COUNT) ALL");
            assertEquals(List.of("* ESEARCH (TAG \"c1\") UID COUNT 1", "c1 OK UID SEARCH completed"), first);
            List<String> second = phone.command("c2", "UID SORT RETURN (UPDATE COUNT) (DATE) UTF-8 ALL");
            assertTrue(second.getFirst().startsWith("* NO [NOUPDATE \"c2\"] "), second.toString());
            assertEquals(List.of("* ESEARCH (TAG \"c2\") UID COUNT 1", "c2 OK UID SORT completed"),
                    second.subList(1, 3));
            // Only c1 hears of a new message, right after its EXISTS.
            List<String> appended = append(phone, "a2", "two");
            assertEquals(List.of("* 2 EXISTS", "* ESEARCH (TAG \"c1\") UID ADDTO (0 2)"), appended.subList(0, 2));
            assertTrue(appended.get(2).startsWith("a2 OK "), appended.toString());
            // Cancelling c1 makes room for one again.
            assertEquals(List.of("x OK CANCELUPDATE completed"), phone.command("x", "CANCELUPDATE \"c1\""));
            List<String> third = phone.command("c3", "UID SORT RETURN (UPDATE) (DATE) UTF-8 ALL");
            assertEquals(List.of("* ESEARCH (TAG \"c3\") UID ALL 1:2", "c3 OK UID SORT completed"), third);
        }
    }
}
