package org.tegami.store.sqlite;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tegami.store.Account;
import org.tegami.store.Appended;
import org.tegami.store.ContentId;
import org.tegami.store.FlagUpdate;
import org.tegami.store.Flags;
import org.tegami.store.FlagsUpdated;
import org.tegami.store.MailStore;
import org.tegami.store.MailboxId;
import org.tegami.store.MessageSummary;
import org.tegami.store.ModSeq;
import org.tegami.store.Quota;
import org.tegami.store.StoreError;
import org.tegami.store.contract.SettableClock;
import org.tegami.store.contract.StoreFixture;

/**
 * Group commit: many write transactions in one SQLite transaction, each in its savepoint. The writer thread
 * is held inside a transaction while the test queues others behind it, so what goes into one commit is
 * known, not left to timing.
 */
class GroupCommitTest implements StoreFixture {
    private static final int LIMIT = 3;
    private static final Duration PATIENCE = Duration.ofSeconds(30);

    @TempDir
    Path dir;

    private final SettableClock clock = new SettableClock(CLOCK_START);
    private final ExecutorService callers = Executors.newVirtualThreadPerTaskExecutor();
    private SqliteMailStore store;

    @BeforeEach
    void open() {
        store = SqliteMailStore.open(dir.resolve("data"), clock, LIMIT);
    }

    @AfterEach
    void close() {
        callers.shutdownNow();
        store.close();
    }

    @Override
    public MailStore store() {
        return store;
    }

    @Override
    public SettableClock clock() {
        return clock;
    }

    @Override
    public void reopen() {
        store.close();
        store = SqliteMailStore.open(dir.resolve("data"), clock, LIMIT);
    }

    /** A write transaction that keeps the writer thread busy until released. */
    private final class Hold implements AutoCloseable {
        private final CountDownLatch entered = new CountDownLatch(1);
        private final CountDownLatch release = new CountDownLatch(1);
        private final Future<Object> done;

        Hold() throws InterruptedException {
            done = callers.submit(() -> store.database().write(tx -> {
                entered.countDown();
                try {
                    release.await();
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
                return null;
            }));
            assertTrue(entered.await(PATIENCE.toSeconds(), TimeUnit.SECONDS), "the writer did not start the hold");
        }

        @Override
        public void close() throws Exception {
            release.countDown();
            done.get(PATIENCE.toSeconds(), TimeUnit.SECONDS);
        }
    }

    /** Starts {@code call} on its own thread and returns once its write waits in the queue, so order is known. */
    private <T> Future<T> queue(Callable<T> call) {
        int before = store.database().pendingWrites();
        Future<T> f = callers.submit(call);
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (store.database().pendingWrites() <= before) {
            if (f.isDone() || System.nanoTime() > deadline) {
                fail("the write did not reach the queue: " + (f.isDone() ? f.state() : "timeout"));
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
        }
        return f;
    }

    private static <T> T result(Future<T> f) throws Exception {
        return f.get(PATIENCE.toSeconds(), TimeUnit.SECONDS);
    }

    private static Throwable failure(Future<?> f) throws Exception {
        try {
            f.get(PATIENCE.toSeconds(), TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            return e.getCause();
        }
        return fail("the write should have failed");
    }

    private Future<Appended> queueAppend(MailboxId box, String subject) {
        return queue(() -> store.messages().append(box, List.of(newMessage(subject))).getFirst());
    }

    @Test
    void acknowledgedAppendsOfManyConcurrentWritersAreAllThereAfterReopening() throws Exception {
        Account alice = alice();
        MailboxId box = inbox(alice.id()).id();
        int writers = 16;
        int each = 20;
        Map<Long, String> acknowledged = new ConcurrentHashMap<>();
        List<Future<?>> running = new ArrayList<>();
        long commitsBefore = store.database().commits();
        for (int w = 0; w < writers; w++) {
            int writer = w;
            running.add(callers.submit(() -> {
                for (int i = 0; i < each; i++) {
                    String subject = "writer " + writer + " message " + i;
                    Appended a = append(box, subject);
                    assertTrue(acknowledged.putIfAbsent(a.uid().value(), subject) == null, "UID given twice");
                }
                return null;
            }));
        }
        for (Future<?> f : running) {
            result(f);
        }
        assertEquals(writers * each, acknowledged.size());
        long commits = store.database().commits() - commitsBefore;
        assertTrue(commits <= writers * each, "more commits than writes: " + commits);

        reopen();
        List<MessageSummary> stored = store.messages().snapshot(box).messages();
        assertEquals(acknowledged.keySet(), new HashSet<>(stored.stream().map(m -> m.uid().value()).toList()));
        for (MessageSummary m : stored) {
            ContentId content = store.messages().fetch(box, List.of(m.uid()), false).getFirst().content();
            assertEquals(ContentId.of(message(acknowledged.get(m.uid().value()))), content);
        }
    }

    @Test
    void writesWaitingTogetherCommitOnceWithUidsInQueueOrder() throws Exception {
        MailboxId box = inbox(alice().id()).id();
        long before;
        List<Future<Appended>> appends = new ArrayList<>();
        try (Hold hold = new Hold()) {
            before = store.database().commits();
            for (int i = 0; i < LIMIT; i++) {
                appends.add(queueAppend(box, "queued " + i));
            }
        }
        long previous = 0;
        for (Future<Appended> f : appends) {
            long uid = result(f).uid().value();
            assertTrue(uid > previous, "UIDs out of commit order: " + uid + " after " + previous);
            previous = uid;
        }
        // The hold's commit, then one for all the appends waiting behind it.
        assertEquals(before + 2, store.database().commits());
    }

    @Test
    void oneCommitTakesAtMostTheLimitOfWaitingWrites() throws Exception {
        MailboxId box = inbox(alice().id()).id();
        long before;
        List<Future<Appended>> appends = new ArrayList<>();
        try (Hold hold = new Hold()) {
            before = store.database().commits();
            for (int i = 0; i < LIMIT + 1; i++) {
                appends.add(queueAppend(box, "queued " + i));
            }
        }
        Set<Long> uids = new HashSet<>();
        for (Future<Appended> f : appends) {
            uids.add(result(f).uid().value());
        }
        assertEquals(LIMIT + 1, uids.size());
        // The hold's commit, one of LIMIT writes, one for the write past the limit.
        assertEquals(before + 3, store.database().commits());
    }

    @Test
    void aFailingWriteRollsBackAloneWhileTheOthersOfItsCommitSucceed() throws Exception {
        MailboxId box = inbox(alice().id()).id();
        StoreError refusal = new StoreError(StoreError.Kind.NONEXISTENT, "refused after taking a UID");
        long before;
        Future<Appended> first;
        Future<Object> failing;
        Future<Appended> last;
        try (Hold hold = new Hold()) {
            before = store.database().commits();
            first = queueAppend(box, "first");
            // Takes a UID and a MODSEQ, then fails: both must be given back.
            failing = queue(() -> store.database().write(tx -> {
                MailboxRow.allocateUids(tx.connection(), box.value(), 1);
                MailboxRow.nextModSeq(tx.connection(), box.value());
                throw refusal;
            }));
            last = queueAppend(box, "last");
        }
        assertSame(refusal, failure(failing), "the caller gets its own exception");
        Appended a = result(first);
        Appended b = result(last);
        assertEquals(a.uid().value() + 1, b.uid().value(), "the failed write's UID was not rolled back");
        assertEquals(a.modSeq().value() + 1, b.modSeq().value(), "the failed write's MODSEQ was not rolled back");
        assertEquals(before + 2, store.database().commits());
        reopen();
        assertEquals(List.of(a.uid(), b.uid()),
                store.messages().snapshot(box).messages().stream().map(MessageSummary::uid).toList());
    }

    @Test
    void quotaChecksInOneCommitSeeTheWritesBeforeThem() throws Exception {
        // With every message in a file, so that the files of refused and committed appends can be looked at.
        store.close();
        store = SqliteMailStore.open(dir.resolve("data"), clock, LIMIT, 0);
        Account alice = alice();
        MailboxId box = inbox(alice.id()).id();
        store.accounts().setOwnQuota(alice.id(), Optional.of(new Quota(0, 2)));
        List<Future<Appended>> appends = new ArrayList<>();
        try (Hold hold = new Hold()) {
            for (int i = 0; i < LIMIT; i++) {
                appends.add(queueAppend(box, "quota " + i));
            }
        }
        result(appends.get(0));
        result(appends.get(1));
        Throwable over = failure(appends.get(2));
        assertTrue(over instanceof StoreError e && e.kind() == StoreError.Kind.OVER_QUOTA, over.toString());
        // The refused message's file goes with its transaction; the committed ones' stay.
        Path blobs = dir.resolve("data").resolve("blobs");
        assertFalse(Files.exists(blobFile(blobs, ContentId.of(message("quota 2")))));
        assertTrue(Files.exists(blobFile(blobs, ContentId.of(message("quota 1")))));
        assertEquals(2, store.messages().snapshot(box).messages().size());
        assertFalse(store.blobs().exists(ContentId.of(message("quota 2"))));
    }

    @Test
    void aRefusedInlineAppendInOneCommitLeavesNoBytesAndNoFile() throws Exception {
        Account alice = alice();
        MailboxId box = inbox(alice.id()).id();
        store.accounts().setOwnQuota(alice.id(), Optional.of(new Quota(0, 1)));
        List<Future<Appended>> appends = new ArrayList<>();
        try (Hold hold = new Hold()) {
            appends.add(queueAppend(box, "kept"));
            appends.add(queueAppend(box, "refused"));
        }
        result(appends.get(0));
        assertTrue(failure(appends.get(1)) instanceof StoreError e && e.kind() == StoreError.Kind.OVER_QUOTA);
        assertFalse(store.blobs().exists(ContentId.of(message("refused"))), "its row went with its savepoint");
        assertArrayEquals(message("kept"), store.blobs().read(ContentId.of(message("kept"))));
        try (var files = Files.walk(dir.resolve("data").resolve("blobs"))) {
            assertEquals(0, files.filter(Files::isRegularFile).count(), "small messages make no file");
        }
    }

    @Test
    void selectingWithNothingNewDoesNotWrite() {
        MailboxId box = inbox(alice().id()).id();
        Appended a = append(box, "new");
        long before = store.database().commits();
        assertEquals(List.of(a.uid()), store.messages().claimRecent(box));
        assertEquals(before + 1, store.database().commits(), "claiming a new message moves the floor");
        assertEquals(List.of(), store.messages().claimRecent(box));
        assertEquals(before + 1, store.database().commits(), "nothing new, yet a commit");
        reopen();
        assertEquals(List.of(), store.messages().claimRecent(box));
    }

    @Test
    void aStoreOrExpungeThatChangesNothingDoesNotWrite() {
        MailboxId box = inbox(alice().id()).id();
        Appended a = append(box, "flagged", "\\Flagged");
        long before = store.database().commits();
        FlagsUpdated same = store.messages().updateFlags(box, List.of(a.uid()), FlagUpdate.ADD,
                Flags.of("\\Flagged"), null);
        assertEquals(List.of(new MessageSummary(a.uid(), Flags.of("\\Flagged"), a.modSeq())), same.messages());
        FlagsUpdated modified = store.messages().updateFlags(box, List.of(a.uid()), FlagUpdate.ADD,
                Flags.of("\\Seen"), new ModSeq(a.modSeq().value() - 1));
        assertEquals(List.of(a.uid()), modified.modified());
        assertEquals(List.of(), store.messages().expunge(box, null));
        assertEquals(before, store.database().commits(), "a change of nothing was committed");

        FlagsUpdated seen = store.messages().updateFlags(box, List.of(a.uid()), FlagUpdate.ADD, Flags.of("\\Seen"),
                null);
        assertEquals(Flags.of("\\Flagged", "\\Seen"), seen.messages().getFirst().flags());
        store.messages().updateFlags(box, List.of(a.uid()), FlagUpdate.ADD, Flags.of("\\Deleted"), null);
        assertEquals(List.of(a.uid()), store.messages().expunge(box, null));
        assertEquals(before + 3, store.database().commits());
    }

    @Test
    void closingCommitsWhatIsQueuedAndRefusesWhatComesAfter() throws Exception {
        MailboxId box = inbox(alice().id()).id();
        Future<Appended> queued;
        Future<?> closing;
        try (Hold hold = new Hold()) {
            queued = queueAppend(box, "queued before close");
            closing = callers.submit(() -> store.close());
            long deadline = System.nanoTime() + PATIENCE.toNanos();
            while (true) {
                try {
                    store.messages().snapshot(box);
                } catch (StoreError e) {
                    assertEquals(StoreError.Kind.UNAVAILABLE, e.kind());
                    break;
                }
                if (System.nanoTime() > deadline) {
                    fail("the store did not start closing");
                }
            }
        }
        result(closing);
        Appended a = result(queued);
        assertFails(StoreError.Kind.UNAVAILABLE, () -> append(box, "after close"));
        store = SqliteMailStore.open(dir.resolve("data"), clock, LIMIT);
        assertEquals(List.of(a.uid()),
                store.messages().snapshot(box).messages().stream().map(MessageSummary::uid).toList());
    }

    @Test
    void aWriteInsideAWriteIsRefusedInsteadOfWaitingForever() {
        Throwable e = assertThrows(IllegalStateException.class,
                () -> store.database().write(tx -> store.database().write(inner -> null)));
        assertTrue(e.getMessage().contains("cannot start another"), e.getMessage());
    }

    private static Path blobFile(Path blobs, ContentId id) {
        String hex = id.sha256();
        return blobs.resolve(hex.substring(0, 2)).resolve(hex.substring(2, 4)).resolve(hex);
    }
}
