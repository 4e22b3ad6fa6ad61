package org.tegami.imap.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.tegami.store.Account;
import org.tegami.store.ChangeFeed;
import org.tegami.store.FlagUpdate;
import org.tegami.store.Flags;
import org.tegami.store.Mailbox;
import org.tegami.store.MailboxChange;
import org.tegami.store.MailboxDelta;
import org.tegami.store.MessageStore;
import org.tegami.store.MessageSummary;
import org.tegami.store.ModSeq;
import org.tegami.store.NewMessage;
import org.tegami.store.StoreError;
import org.tegami.store.Uid;
import org.tegami.store.sqlite.SqliteMailStore;

/** The shared per-mailbox deltas, against a real SQLite store and its change feed. */
class MailboxDeltasTest {

    private Path dir;
    private SqliteMailStore store;
    private Account account;
    private Mailbox inbox;
    private MailboxDeltas deltas;
    private ChangeFeed.Subscription subscription;
    private final List<MailboxChange> announced = new ArrayList<>();

    @BeforeEach
    void open() throws Exception {
        dir = Files.createTempDirectory("tegami-deltas");
        store = SqliteMailStore.open(dir);
        store.accounts().addDomain("example.org");
        account = store.accounts().createAccount("alice@example.org", "x", List.of());
        inbox = store.mailboxes().findMailbox(account.id(), "INBOX").orElseThrow();
        deltas = new MailboxDeltas(store.messages());
        // As a session's listener does: announce before anything is woken.
        subscription = store.changes().subscribe(account.id(), change -> {
            deltas.announce(change);
            synchronized (announced) {
                announced.add(change);
            }
        });
    }

    @AfterEach
    void close() throws Exception {
        subscription.close();
        store.close();
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    private long append(String subject) {
        byte[] content = ("Subject: " + subject + "\r\n\r\nbody\r\n").getBytes(StandardCharsets.US_ASCII);
        return store.messages().append(inbox.id(), List.of(new NewMessage(content, Flags.NONE, Instant.now())))
                .getFirst().uid().value();
    }

    private ModSeq highest() {
        return store.messages().changesSince(inbox.id(), ModSeq.ZERO).highestModSeq();
    }

    private static List<Long> uids(MailboxDelta delta) {
        return delta.changed().stream().map(MessageSummary::uid).map(Uid::value).toList();
    }

    @Test
    void sessionsAtTheSameModSeqShareOneReadAndOneRecentClaim() {
        ModSeq start = highest();
        long uid = append("one");
        MailboxDeltas.Shared first = deltas.since(account.id(), inbox.id(), start);
        MailboxDeltas.Shared second = deltas.since(account.id(), inbox.id(), start);
        assertSame(first, second);
        assertEquals(List.of(uid), uids(first.delta()));
        assertTrue(first.takeRecentClaim());
        assertFalse(second.takeRecentClaim());
        // A read of a session's own (after a command) is never shared.
        assertNotSame(deltas.read(inbox.id(), start), deltas.read(inbox.id(), start));
        assertTrue(deltas.read(inbox.id(), start).takeRecentClaim());
    }

    @Test
    void sessionsAtDifferentModSeqsEachGetExactlyTheirDelta() {
        long one = append("one");
        long two = append("two");
        ModSeq afterTwo = highest();
        store.messages().updateFlags(inbox.id(), List.of(new Uid(one)), FlagUpdate.ADD, Flags.of(Flags.FLAGGED), null);
        ModSeq afterFlag = highest();
        long three = append("three");
        store.messages().updateFlags(inbox.id(), List.of(new Uid(two)), FlagUpdate.ADD, Flags.of(Flags.DELETED), null);
        store.messages().expunge(inbox.id(), List.of(new Uid(two)));

        MailboxDelta older = deltas.since(account.id(), inbox.id(), afterTwo).delta();
        MailboxDelta newer = deltas.since(account.id(), inbox.id(), afterFlag).delta();
        assertEquals(List.of(one, three), uids(older));
        assertEquals(Flags.of(Flags.FLAGGED), older.changed().getFirst().flags());
        assertEquals(List.of(three), uids(newer));
        assertEquals(List.of(new Uid(two)), older.expunged());
        assertEquals(List.of(new Uid(two)), newer.expunged());
        assertEquals(highest(), older.highestModSeq());
        assertEquals(highest(), newer.highestModSeq());
        // Each is what the store says for that MODSEQ.
        assertEquals(store.messages().changesSince(inbox.id(), afterTwo), older);
        assertEquals(store.messages().changesSince(inbox.id(), afterFlag), newer);
    }

    @Test
    void aChangeAnnouncedAfterAReadIsNeverMissedBySomeoneAskingLater() {
        ModSeq start = highest();
        append("one");
        MailboxDeltas.Shared before = deltas.since(account.id(), inbox.id(), start);
        long two = append("two");
        awaitAnnounced(2);
        // A session woken by the second APPEND, still at the MODSEQ before the first: a new read.
        MailboxDeltas.Shared after = deltas.since(account.id(), inbox.id(), start);
        assertNotSame(before, after);
        assertEquals(two, uids(after.delta()).getLast());
        assertEquals(highest(), after.delta().highestModSeq());
    }

    @Test
    void aSessionJoiningLateSharesTheReadOfTheOthersAtItsModSeq() throws Exception {
        append("one");
        ModSeq joined = highest();
        long two = append("two");
        awaitAnnounced(2);
        MailboxDeltas.Shared early = deltas.since(account.id(), inbox.id(), joined);
        MailboxDeltas.Shared late = deltas.since(account.id(), inbox.id(), joined);
        assertSame(early, late);
        assertEquals(List.of(two), uids(late.delta()));
    }

    @Test
    void manySessionsAskingAtOnceCostOneRead() throws Exception {
        ModSeq start = highest();
        append("one");
        awaitAnnounced(1);
        AtomicInteger reads = new AtomicInteger();
        MailboxDeltas counting = new MailboxDeltas(counting(store.messages(), reads));
        int sessions = 200;
        CountDownLatch done = new CountDownLatch(sessions);
        List<MailboxDeltas.Shared> results = java.util.Collections.synchronizedList(new ArrayList<>());
        for (int i = 0; i < sessions; i++) {
            Thread.ofVirtual().start(() -> {
                results.add(counting.since(account.id(), inbox.id(), start));
                done.countDown();
            });
        }
        assertTrue(done.await(30, TimeUnit.SECONDS));
        assertEquals(1, reads.get());
        assertEquals(1, results.stream().distinct().count());
    }

    @Test
    void aDeletedMailboxIsReportedGoneThoughItsLastDeltaWasKept() {
        Mailbox other = store.mailboxes().createMailbox(account.id(), "Other", java.util.Set.of());
        ModSeq start = store.messages().changesSince(other.id(), ModSeq.ZERO).highestModSeq();
        deltas.since(account.id(), other.id(), start);
        int before = announcedCount();
        store.mailboxes().deleteMailbox(account.id(), "Other");
        awaitAnnounced(before + 1);
        StoreError gone = assertThrows(StoreError.class, () -> deltas.since(account.id(), other.id(), start));
        assertEquals(StoreError.Kind.NONEXISTENT, gone.kind());
    }

    private int announcedCount() {
        synchronized (announced) {
            return announced.size();
        }
    }

    /** Polls until the feed has delivered {@code count} changes (it delivers after the commit, on its thread). */
    private void awaitAnnounced(int count) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (announcedCount() < count) {
            assertTrue(System.nanoTime() < deadline, "the change feed did not deliver " + count + " changes");
            Thread.onSpinWait();
        }
    }

    /** The store's messages, counting {@code changesSince} reads. */
    private static MessageStore counting(MessageStore delegate, AtomicInteger reads) {
        return (MessageStore) java.lang.reflect.Proxy.newProxyInstance(MessageStore.class.getClassLoader(),
                new Class<?>[] {MessageStore.class}, (proxy, method, args) -> {
                    if (method.getName().equals("changesSince")) {
                        reads.incrementAndGet();
                    }
                    try {
                        return method.invoke(delegate, args);
                    } catch (java.lang.reflect.InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }
}
