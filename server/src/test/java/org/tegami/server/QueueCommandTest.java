package org.tegami.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.PrintWriter;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tegami.store.DeliveryState;
import org.tegami.store.MailStore;
import org.tegami.store.NewQueueEntry;
import org.tegami.store.QueueEntry;
import org.tegami.store.RecipientOutcome;
import org.tegami.store.sqlite.SqliteMailStore;

/** {@code tegami queue list|retry|delete}, in-process against a queue filled through the store. */
class QueueCommandTest {

    @TempDir
    Path tmp;

    private record Result(int status, String out, String err) {
        List<String> lines() {
            return out.lines().toList();
        }
    }

    private Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        Terminal terminal = new Terminal(new PrintWriter(out), new PrintWriter(err),
                new BufferedReader(new StringReader("")), Optional.empty());
        int status = Main.run(args, terminal, SqliteMailStore::open);
        return new Result(status, out.toString(), err.toString());
    }

    private String data() {
        return tmp.resolve("data").toString();
    }

    /** Queues a message for two remote recipients and records one failed attempt, retried in an hour. */
    private QueueEntry queueOneWithAFailedAttempt() {
        try (MailStore store = SqliteMailStore.open(tmp.resolve("data"))) {
            byte[] message = "From: alice@example.com\r\nSubject: hi\r\n\r\nhello\r\n".getBytes(StandardCharsets.US_ASCII);
            QueueEntry entry = store.queue().enqueue(new NewQueueEntry("alice@example.com", List.of(
                    new NewQueueEntry.Recipient("bob@remote.example", null, null),
                    new NewQueueEntry.Recipient("carol@remote.example", null, null)), message, null, false, false));
            Instant now = Instant.now();
            assertEquals(1, store.queue().claimDue(now, Duration.ofMinutes(5), 10).size());
            store.queue().recordAttempt(entry.id(), List.of(
                    new RecipientOutcome("bob@remote.example", DeliveryState.PENDING, "451 4.4.1 try again\r\nlater"),
                    new RecipientOutcome("carol@remote.example", DeliveryState.DELIVERED, "250 2.0.0 OK")),
                    now.plus(Duration.ofHours(1)));
            return store.queue().find(entry.id()).orElseThrow();
        }
    }

    @Test
    void listShowsEachMessageAndEachRecipientsState() {
        assertEquals(0, run("domain", "add", "example.com", "--data", data()).status());
        assertEquals(List.of("the queue is empty"), run("queue", "list", "--data", data()).lines());
        QueueEntry entry = queueOneWithAFailedAttempt();

        Result listed = run("queue", "list", "--data", data());
        assertEquals(0, listed.status(), listed.err());
        List<String> lines = listed.lines();
        assertEquals(3, lines.size(), listed.out());
        String id = "Q" + entry.id().value();
        assertTrue(lines.get(0).matches(id + "  from <alice@example\\.com>  \\d+ bytes  queued \\d+ s ago"
                + "  next attempt in (59 min|1 h 0 min)"), lines.get(0));
        assertEquals("    bob@remote.example  pending  1 attempt  last: 451 4.4.1 try again / later", lines.get(1));
        assertEquals("    carol@remote.example  delivered  1 attempt  last: 250 2.0.0 OK", lines.get(2));
    }

    @Test
    void retryMakesAMessageDueNowAndDeleteRemovesIt() {
        QueueEntry entry = queueOneWithAFailedAttempt();
        String id = "Q" + entry.id().value();

        Result retried = run("queue", "retry", id.toLowerCase(), "--data", data());
        assertEquals(0, retried.status(), retried.err());
        assertTrue(retried.out().startsWith(id + " is due now; a running server sends it"), retried.out());
        assertTrue(run("queue", "list", "--data", data()).lines().getFirst().endsWith("next attempt now"));
        try (MailStore store = SqliteMailStore.open(tmp.resolve("data"))) {
            assertTrue(!store.queue().find(entry.id()).orElseThrow().nextAttempt().isAfter(Instant.now()));
        }

        Result deleted = run("queue", "delete", Long.toString(entry.id().value()), "--data", data());
        assertEquals(0, deleted.status(), deleted.err());
        assertEquals(List.of("deleted " + id + " from the queue"), deleted.lines());
        assertEquals(List.of("the queue is empty"), run("queue", "list", "--data", data()).lines());

        Result gone = run("queue", "delete", id, "--data", data());
        assertEquals(1, gone.status());
        assertEquals("tegami: " + id + " is not in the queue\n", gone.err());
        Result notDue = run("queue", "retry", id, "--data", data());
        assertEquals("tegami: " + id + " is not in the queue\n", notDue.err());
    }

    @Test
    void aMalformedIdIsOneLine() {
        queueOneWithAFailedAttempt();
        Result bad = run("queue", "retry", "Qx", "--data", data());
        assertEquals(1, bad.status());
        assertEquals("tegami: 'Qx' is not a queue id (ids look like Q42; see tegami queue list)\n", bad.err());
        assertEquals(1, run("queue", "list", "--data", tmp.resolve("missing").toString()).status());
    }

    @Test
    void durationsAreRoundedForReading() {
        assertEquals("45 s", QueueCommand.humanDuration(Duration.ofSeconds(45)));
        assertEquals("12 min", QueueCommand.humanDuration(Duration.ofMinutes(12).plusSeconds(30)));
        assertEquals("3 h 5 min", QueueCommand.humanDuration(Duration.ofMinutes(185)));
        assertEquals("2 d 4 h", QueueCommand.humanDuration(Duration.ofHours(52)));
    }
}
