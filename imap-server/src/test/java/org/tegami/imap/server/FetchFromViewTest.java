package org.tegami.imap.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.tegami.store.AccountId;
import org.tegami.store.Mailbox;
import org.tegami.store.MessageRecord;
import org.tegami.store.MessageStore;
import org.tegami.store.Uid;

/**
 * A FETCH of only UID, FLAGS and MODSEQ is answered from the session's view: over more messages than one
 * output slice holds, it must say exactly what the stored rows say, including changes another session made
 * that this one has not been told of yet, and leave out messages expunged meanwhile.
 */
class FetchFromViewTest {

    private static final int MESSAGES = 1500;

    private static ImapTestClient login(TestImapServer server) throws IOException {
        ImapTestClient client = ImapTestClient.tls(server.implicitTlsAddress());
        // 1500 durable appends in one MULTIAPPEND can outlast the default read timeout on a loaded machine.
        client.setReadTimeoutMillis(120_000);
        client.readLine();
        client.command("l", "LOGIN " + TestImapServer.USER + " \"" + TestImapServer.PASSWORD + "\"");
        // IMAP4rev2 has no \Recent, which only the session knows and the rows do not hold.
        client.command("e", "ENABLE IMAP4rev2");
        return client;
    }

    private static void appendMessages(ImapTestClient client) throws IOException {
        ByteArrayOutputStream command = new ByteArrayOutputStream();
        command.writeBytes("m APPEND INBOX".getBytes(StandardCharsets.US_ASCII));
        for (int i = 0; i < MESSAGES; i++) {
            byte[] message = ("Subject: " + i + "\r\n\r\nbody\r\n").getBytes(StandardCharsets.US_ASCII);
            command.writeBytes((" {" + message.length + "+}\r\n").getBytes(StandardCharsets.US_ASCII));
            command.writeBytes(message);
        }
        command.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
        client.sendRaw(command.toByteArray());
        assertTrue(client.readUntilTagged("m").getLast().startsWith("m OK"));
    }

    /** What reading the rows gives for every message still in the mailbox, as {@code UID n FLAGS (...) MODSEQ (n)}. */
    private static List<String> fromRows(TestImapServer server) {
        AccountId alice = server.store().accounts().findAccount(TestImapServer.USER).orElseThrow().id();
        Mailbox inbox = server.store().mailboxes().findMailbox(alice, "INBOX").orElseThrow();
        MessageStore messages = server.store().messages();
        List<Uid> uids = messages.snapshot(inbox.id()).messages().stream().map(m -> m.uid()).toList();
        List<String> lines = new ArrayList<>();
        for (MessageRecord r : messages.fetch(inbox.id(), uids, false)) {
            lines.add("UID " + r.uid().value() + " FLAGS (" + r.flags() + ") MODSEQ (" + r.modSeq().value() + ")");
        }
        return lines;
    }

    /** The FETCH responses of a command, without their sequence numbers. */
    private static List<String> fetched(List<String> lines) {
        return lines.stream().filter(l -> l.startsWith("* ") && l.contains(" FETCH ("))
                .map(l -> l.substring(l.indexOf(" FETCH (") + 8, l.length() - 1)).toList();
    }

    @Test
    void aFetchOfFlagsSaysWhatTheRowsSayAcrossManySlices() throws IOException {
        try (TestImapServer server = new TestImapServer();
             ImapTestClient client = login(server); ImapTestClient other = login(server)) {
            appendMessages(client);
            assertTrue(client.command("s1", "SELECT INBOX").getLast().startsWith("s1 OK"));
            client.command("f0", "STORE 1:700 +FLAGS.SILENT (\\Seen)");
            client.command("f1", "STORE 650:900 +FLAGS.SILENT ($Label1 \\Flagged)");
            // Another session changes flags and expunges a message; this one has not been told yet.
            assertTrue(other.command("s2", "SELECT INBOX").getLast().startsWith("s2 OK"));
            other.command("o1", "STORE 1000:1100 +FLAGS.SILENT (\\Answered $Other)");
            other.command("o2", "STORE 1 +FLAGS.SILENT (\\Deleted)");
            assertTrue(other.command("o3", "EXPUNGE").getLast().startsWith("o3 OK"));

            List<String> uidFetch = client.command("u", "UID FETCH 1:* (FLAGS MODSEQ)");
            // Unsolicited FETCHes of the other session's changes may follow the answer.
            assertEquals(fromRows(server), fetched(uidFetch).subList(0, MESSAGES - 1),
                    "every message still there, in order, with the flags and MODSEQ of its row");
            assertEquals("u OK UID FETCH completed", uidFetch.getLast());
            // The new keyword is announced before the first response that shows it (RFC 9051 §7.3.5).
            int flags = uidFetch.indexOf(uidFetch.stream().filter(l -> l.startsWith("* FLAGS") && l.contains("$Other"))
                    .findFirst().orElseThrow());
            int firstShown = uidFetch.indexOf(uidFetch.stream().filter(l -> l.contains("$Other") && l.contains(" FETCH "))
                    .findFirst().orElseThrow());
            assertTrue(flags < firstShown, "FLAGS before the first FETCH showing $Other");
        }
    }

    @Test
    void aFetchByNumberOfAMessageExpungedMeanwhileSaysSo() throws IOException {
        try (TestImapServer server = new TestImapServer();
             ImapTestClient client = login(server); ImapTestClient other = login(server)) {
            client.command("a", "APPEND INBOX {18+}\r\nSubject: 1\r\n\r\nbody");
            client.command("b", "APPEND INBOX {18+}\r\nSubject: 2\r\n\r\nbody");
            assertTrue(client.command("s1", "SELECT INBOX").getLast().startsWith("s1 OK"));
            assertTrue(other.command("s2", "SELECT INBOX").getLast().startsWith("s2 OK"));
            other.command("o1", "STORE 1 +FLAGS.SILENT (\\Deleted)");
            assertTrue(other.command("o2", "EXPUNGE").getLast().startsWith("o2 OK"));

            List<String> fetch = client.command("f", "FETCH 1:2 (UID FLAGS)");
            // RFC 9051 §7.5.1: no EXPUNGE during FETCH; message 1 is left out and the client is told why.
            assertEquals(List.of("* 2 FETCH (UID 2 FLAGS ())",
                    "f NO [EXPUNGEISSUED] Some messages were expunged meanwhile"), fetch);
            assertEquals(List.of("* 1 EXPUNGE", "n OK NOOP completed"), client.command("n", "NOOP"));
            // Appended at MODSEQ 3 (after the mailbox's 1 and the first APPEND's 2); the expunge did not touch it.
            List<String> modSeq = client.command("g", "FETCH 1 (UID MODSEQ)");
            assertTrue(modSeq.contains("* 1 FETCH (UID 2 MODSEQ (3))"), modSeq.toString());
            assertEquals("g OK FETCH completed", modSeq.getLast());
        }
    }
}
