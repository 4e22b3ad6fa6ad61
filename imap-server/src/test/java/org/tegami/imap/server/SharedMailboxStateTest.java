package org.tegami.imap.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.tegami.store.Account;
import org.tegami.store.FlagUpdate;
import org.tegami.store.Flags;
import org.tegami.store.Mailbox;
import org.tegami.store.MailboxSnapshot;
import org.tegami.store.NewMessage;
import org.tegami.store.Uid;
import org.tegami.store.postgres.PostgresTestDatabase;

/**
 * Sessions that have one mailbox selected show one shared {@link MailboxState}: after SELECT, and after each
 * update they report in IDLE, they move together onto one new state, so memory is one copy of the mailbox per
 * state however many sessions watch it. A session that must differ (expunges it may not report yet, its own
 * STORE) copies without touching the others', and shares again once it has caught up; a SELECT after other
 * sessions' changes shows exactly what the store holds.
 */
class SharedMailboxStateTest {

    private static final int MESSAGES = 40;
    private static final int SESSIONS = 12;

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
        sessionsShareOneStateAndCopyOnlyToDiffer();
    }

    /** On PostgreSQL, where changes reach the sessions through LISTEN/NOTIFY. */
    @Test
    void onPostgres() throws IOException {
        PostgresTestDatabase.requireAvailable();
        server = new TestImapServer(TestImapServer.Backend.POSTGRES);
        sessionsShareOneStateAndCopyOnlyToDiffer();
    }

    private Mailbox inbox() {
        Account account = server.store().accounts().findAccount(TestImapServer.USER).orElseThrow();
        return server.store().mailboxes().findMailbox(account.id(), "INBOX").orElseThrow();
    }

    private List<Uid> append(Mailbox inbox, int count) {
        List<NewMessage> messages = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            byte[] content = ("Subject: m" + i + "\r\n\r\nbody " + i + "\r\n").getBytes(StandardCharsets.US_ASCII);
            messages.add(new NewMessage(content, i % 2 == 0 ? Flags.of(Flags.SEEN) : Flags.NONE, Instant.now()));
        }
        return server.store().messages().append(inbox.id(), messages).stream().map(a -> a.uid()).toList();
    }

    private ImapTestClient login() throws IOException {
        ImapTestClient client = ImapTestClient.tls(server.implicitTlsAddress());
        client.readLine();
        ok(client.command("l", "LOGIN " + TestImapServer.USER + " \"" + TestImapServer.PASSWORD + "\""));
        ok(client.command("e", "ENABLE IMAP4rev2"));
        client.setReadTimeoutMillis(10_000);
        return client;
    }

    private static List<String> ok(List<String> lines) {
        assertTrue(lines.getLast().matches("^\\S+ OK.*"), lines.toString());
        return lines;
    }

    private static void readUntil(ImapTestClient client, String line) throws IOException {
        readUntil(client, line::equals, line);
    }

    private static void readUntil(ImapTestClient client, Predicate<String> wanted, String what) throws IOException {
        List<String> seen = new ArrayList<>();
        while (true) {
            String next = client.readLine();
            seen.add(next);
            if (wanted.test(next)) {
                return;
            }
            assertTrue(seen.size() < 20, "no " + what + " in " + seen);
        }
    }

    /** Polls until the sessions' views satisfy {@code condition}; they settle after sending their responses. */
    private List<SelectedMailbox> awaitViews(int count, Predicate<List<SelectedMailbox>> condition, String what) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (true) {
            List<SelectedMailbox> views = server.selectedViews();
            if (views.size() == count && condition.test(views)) {
                return views;
            }
            assertTrue(System.nanoTime() < deadline, what + ": " + describe(views));
            Thread.onSpinWait();
        }
    }

    private static String describe(List<SelectedMailbox> views) {
        List<String> parts = new ArrayList<>();
        for (SelectedMailbox view : views) {
            parts.add("size " + view.size() + " state " + System.identityHashCode(view.sharedState()));
        }
        return parts.toString();
    }

    /** How many distinct state objects the views show; a view with its own copy counts as one more. */
    private static int distinctStates(List<SelectedMailbox> views) {
        Set<Object> distinct = Collections.newSetFromMap(new IdentityHashMap<>());
        for (SelectedMailbox view : views) {
            distinct.add(view.sharedState() == null ? view : view.sharedState());
        }
        return distinct.size();
    }

    private static Predicate<List<SelectedMailbox>> oneStateOf(int size) {
        return views -> distinctStates(views) == 1 && views.getFirst().sharedState() != null
                && views.getFirst().size() == size;
    }

    /** The view shows exactly what a snapshot of the mailbox taken now holds. */
    private void assertShowsTheStore(SelectedMailbox view, Mailbox inbox) {
        MailboxSnapshot fresh = server.store().messages().snapshot(inbox.id());
        assertEquals(fresh.size(), view.size());
        for (int i = 0; i < fresh.size(); i++) {
            assertEquals(fresh.uidAt(i), view.uidAt(i + 1));
            assertEquals(fresh.flagsAt(i), view.flagsAt(i + 1));
            assertEquals(fresh.modSeqAt(i), view.modSeqAt(i + 1));
        }
        assertEquals(fresh.highestModSeq(), view.knownModSeq());
        assertEquals(fresh.uidNext(), view.uidNext());
    }

    private void sessionsShareOneStateAndCopyOnlyToDiffer() throws IOException {
        Mailbox inbox = inbox();
        List<Uid> uids = append(inbox, MESSAGES);
        List<ImapTestClient> idlers = new ArrayList<>();
        try (ImapTestClient examiner = login()) {
            for (int i = 0; i < SESSIONS; i++) {
                ImapTestClient client = login();
                idlers.add(client);
                ok(client.command("s", "SELECT INBOX"));
            }
            List<SelectedMailbox> selected = awaitViews(SESSIONS, oneStateOf(MESSAGES),
                    "every SELECT shows the one state kept for the mailbox");
            MailboxState before = selected.getFirst().sharedState();
            assertShowsTheStore(selected.getFirst(), inbox);
            for (ImapTestClient client : idlers) {
                client.send("i IDLE");
                assertEquals("+ idling", client.readLine());
            }

            // An APPEND reaches every session in IDLE: they all move onto one new state.
            append(inbox, 1);
            for (ImapTestClient client : idlers) {
                readUntil(client, "* " + (MESSAGES + 1) + " EXISTS");
            }
            List<SelectedMailbox> appended = awaitViews(SESSIONS, oneStateOf(MESSAGES + 1),
                    "the sessions in IDLE share one state after an APPEND");
            assertNotSame(before, appended.getFirst().sharedState());
            assertShowsTheStore(appended.getFirst(), inbox);
            assertEquals(MESSAGES, before.size(), "a shared state never changes");

            // A session that may not report an expunge yet (RFC 9051 §7.5.1) keeps showing the message; the
            // others, in IDLE, move on without it.
            ok(examiner.command("x", "EXAMINE INBOX"));
            awaitViews(SESSIONS + 1, oneStateOf(MESSAGES + 1), "EXAMINE shows the same state");
            server.store().messages().updateFlags(inbox.id(), List.of(uids.get(1)), FlagUpdate.ADD,
                    Flags.of(Flags.DELETED), null);
            server.store().messages().expunge(inbox.id(), List.of(uids.get(1)));
            for (ImapTestClient client : idlers) {
                readUntil(client, "* 2 EXPUNGE");
            }
            List<String> fetched = ok(examiner.command("f", "FETCH 1 (UID)"));
            assertTrue(fetched.stream().noneMatch(l -> l.endsWith("EXPUNGE")), fetched.toString());
            List<SelectedMailbox> diverged = awaitViews(SESSIONS + 1, views -> {
                List<SelectedMailbox> watching = views.stream().filter(v -> !v.readOnly()).toList();
                SelectedMailbox pending = views.stream().filter(SelectedMailbox::readOnly).findFirst().orElseThrow();
                return oneStateOf(MESSAGES).test(watching) && pending.size() == MESSAGES + 1
                        && !pending.pendingExpunges().isEmpty();
            }, "the sessions in IDLE share one state without the expunged message, the examiner keeps it");
            SelectedMailbox pending = diverged.stream().filter(SelectedMailbox::readOnly).findFirst().orElseThrow();
            SelectedMailbox watching = diverged.stream().filter(v -> !v.readOnly()).findFirst().orElseThrow();
            assertNotSame(watching.sharedState(), pending.sharedState());
            assertEquals(uids.get(1).value(), pending.uidAt(2));
            assertShowsTheStore(watching, inbox);

            // Once it reports the expunge, it shows the others' state again.
            List<String> noop = ok(examiner.command("n", "NOOP"));
            assertTrue(noop.contains("* 2 EXPUNGE"), noop.toString());
            awaitViews(SESSIONS + 1, oneStateOf(MESSAGES), "the examiner shares the others' state again");

            // Its own STORE: the storing session copies, then every session meets on one state again.
            ImapTestClient storer = idlers.getFirst();
            storer.send("DONE");
            readUntil(storer, "i OK IDLE terminated");
            ok(storer.command("t", "STORE 1 +FLAGS (\\Flagged)"));
            for (ImapTestClient client : idlers.subList(1, idlers.size())) {
                readUntil(client, l -> l.startsWith("* 1 FETCH (FLAGS (") && l.contains("\\Flagged"),
                        "the flag change");
            }
            ok(examiner.command("n", "NOOP"));
            List<SelectedMailbox> stored = awaitViews(SESSIONS + 1, oneStateOf(MESSAGES),
                    "every session shares one state after a STORE");
            assertNotNull(stored.getFirst().sharedState());
            assertShowsTheStore(stored.getFirst(), inbox);

            // A SELECT after all that shows exactly what the store holds, and the same state.
            try (ImapTestClient late = login()) {
                List<String> select = ok(late.command("s", "SELECT INBOX (CONDSTORE)"));
                MailboxSnapshot fresh = server.store().messages().snapshot(inbox.id());
                assertTrue(select.contains("* " + fresh.size() + " EXISTS"), select.toString());
                assertTrue(select.contains("* OK [HIGHESTMODSEQ " + fresh.highestModSeq().value() + "] Highest"),
                        select.toString());
                assertTrue(select.contains("* OK [UIDNEXT " + fresh.uidNext() + "] Predicted next UID"),
                        select.toString());
                List<SelectedMailbox> all = awaitViews(SESSIONS + 2, oneStateOf(MESSAGES),
                        "a new SELECT shows the state the others share");
                assertShowsTheStore(all.getFirst(), inbox);
            }
        } finally {
            for (ImapTestClient client : idlers) {
                client.close();
            }
        }
    }
}
