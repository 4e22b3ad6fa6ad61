package org.tegami.store.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.tegami.store.AccountId;
import org.tegami.store.Appended;
import org.tegami.store.ChangeFeed;
import org.tegami.store.FlagUpdate;
import org.tegami.store.Flags;
import org.tegami.store.MailboxChange;
import org.tegami.store.MailboxId;
import org.tegami.store.MessageSummary;
import org.tegami.store.ModSeq;
import org.tegami.store.NewMessage;
import org.tegami.store.NewQueueEntry;
import org.tegami.store.QueueEntry;
import org.tegami.store.QueueId;

/**
 * Two nodes: two stores with their own pools and change feeds on one database, as two servers would
 * have. What one does, the other sees, in the order a client may rely on.
 */
class TwoNodesTest {
    /** The promise: an IDLE session on one node hears of a change made through another within this. */
    private static final Duration CROSS_NODE_LATENCY = Duration.ofSeconds(1);
    private static final Duration DEADLINE = Duration.ofSeconds(15);

    private PostgresTestDatabase database;
    private PostgresMailStore a;
    private PostgresMailStore b;

    @BeforeEach
    void open() {
        database = PostgresTestDatabase.create();
        a = node();
        b = node();
    }

    private PostgresMailStore node() {
        return PostgresMailStore.open(database.settings(6), Optional.empty(), Clock.systemUTC(), OrphanSweep.defaults());
    }

    @AfterEach
    void close() {
        if (a != null) {
            a.close();
        }
        if (b != null) {
            b.close();
        }
        if (database != null) {
            database.close();
        }
    }

    private static NewMessage message(String subject) {
        return new NewMessage(("Subject: " + subject + "\r\nFrom: bob@example.net\r\n\r\nbody of " + subject + "\r\n")
                .getBytes(StandardCharsets.UTF_8), Flags.NONE, Instant.parse("2024-05-01T10:00:00Z"));
    }

    private AccountId alice() {
        return a.accounts().createAccount("alice@example.org", "$argon2id$x", List.of()).id();
    }

    private MailboxId inbox(PostgresMailStore node, AccountId account) {
        return node.mailboxes().findMailbox(account, "INBOX").orElseThrow().id();
    }

    @Test
    void concurrentAppendsThroughTwoNodesGetDistinctIncreasingUidsWithNoVisibleGap() throws Exception {
        AccountId alice = alice();
        MailboxId box = inbox(a, alice);
        int threadsPerNode = 4;
        int perThread = 15;
        List<Callable<List<Long>>> tasks = new ArrayList<>();
        for (int t = 0; t < 2 * threadsPerNode; t++) {
            PostgresMailStore through = t % 2 == 0 ? a : b;
            PostgresMailStore other = t % 2 == 0 ? b : a;
            int thread = t;
            tasks.add(() -> {
                List<Long> got = new ArrayList<>();
                for (int i = 0; i < perThread; i++) {
                    long uid = through.messages().append(box, List.of(message("t" + thread + " m" + i)))
                            .getFirst().uid().value();
                    got.add(uid);
                    // When the append is acknowledged, every smaller UID is committed too: a client that
                    // saw this UID through either node can never later see a smaller one appear.
                    Set<Long> visible = new HashSet<>();
                    for (MessageSummary m : other.messages().snapshot(box).messages()) {
                        visible.add(m.uid().value());
                    }
                    for (long smaller = 1; smaller <= uid; smaller++) {
                        if (!visible.contains(smaller)) {
                            fail("UID " + uid + " was acknowledged while UID " + smaller + " was not yet visible");
                        }
                    }
                }
                return got;
            });
        }
        Set<Long> all = new HashSet<>();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (Future<List<Long>> f : pool.invokeAll(tasks)) {
                List<Long> got = f.get();
                for (int i = 1; i < got.size(); i++) {
                    assertTrue(got.get(i) > got.get(i - 1), "one thread's UIDs increase");
                }
                for (long uid : got) {
                    assertTrue(all.add(uid), "UID " + uid + " was handed out twice");
                }
            }
        }
        long total = 2L * threadsPerNode * perThread;
        assertEquals(new HashSet<>(LongStream.rangeClosed(1, total).boxed().toList()), all);
        assertEquals(total + 1, b.messages().snapshot(box).uidNext());
        List<Long> modSeqs = a.messages().snapshot(box).messages().stream().map(m -> m.modSeq().value()).toList();
        assertEquals(modSeqs.stream().sorted().toList(), modSeqs, "MODSEQ increases with UID: commit order is UID order");
        assertEquals(total, new HashSet<>(modSeqs).size(), "every append took its own MODSEQ");
    }

    private static MailboxChange await(BlockingQueue<MailboxChange> queue, Predicate<MailboxChange> wanted, Duration within)
            throws InterruptedException {
        Instant end = Instant.now().plus(within);
        while (true) {
            long left = Duration.between(Instant.now(), end).toMillis();
            MailboxChange change = left > 0 ? queue.poll(left, TimeUnit.MILLISECONDS) : null;
            if (change == null) {
                return fail("no matching change within " + within);
            }
            if (wanted.test(change)) {
                return change;
            }
        }
    }

    private static Predicate<MailboxChange> messagesIn(MailboxId box, ModSeq atLeast) {
        return c -> c instanceof MailboxChange.MessagesChanged m && m.mailbox().equals(box)
                && m.highestModSeq().compareTo(atLeast) >= 0;
    }

    @Test
    void aListenerOnOneNodeHearsAppendFlagAndExpungeThroughTheOtherWithinOneSecond() throws Exception {
        AccountId alice = alice();
        MailboxId box = inbox(a, alice);
        BlockingQueue<MailboxChange> heard = new LinkedBlockingQueue<>();
        try (ChangeFeed.Subscription _ = a.changes().subscribe(alice, heard::add)) {
            Appended appended = b.messages().append(box, List.of(message("through b"))).getFirst();
            await(heard, messagesIn(box, appended.modSeq()), CROSS_NODE_LATENCY);
            ModSeq flagged = b.messages().updateFlags(box, List.of(appended.uid()), FlagUpdate.ADD,
                    Flags.of(Flags.DELETED), null).messages().getFirst().modSeq();
            await(heard, messagesIn(box, flagged), CROSS_NODE_LATENCY);
            b.messages().expunge(box, null);
            await(heard, messagesIn(box, b.messages().snapshot(box).highestModSeq()), CROSS_NODE_LATENCY);
            b.mailboxes().createMailbox(alice, "Work", Set.of());
            await(heard, c -> c.equals(new MailboxChange.MailboxListChanged(alice)), CROSS_NODE_LATENCY);
        }
    }

    @Test
    void afterLosingItsConnectionTheFeedReconnectsAndTellsEverySubscriberToResynchronise() throws Exception {
        AccountId alice = alice();
        MailboxId box = inbox(a, alice);
        MailboxId work = a.mailboxes().createMailbox(alice, "Work", Set.of()).id();
        BlockingQueue<MailboxChange> heard = new LinkedBlockingQueue<>();
        try (ChangeFeed.Subscription _ = a.changes().subscribe(alice, heard::add)) {
            Appended before = b.messages().append(box, List.of(message("before the cut"))).getFirst();
            await(heard, messagesIn(box, before.modSeq()), DEADLINE);
            heard.clear();
            database.terminateChangeFeeds();
            // Changes made while the feed is deaf reach no listener by NOTIFY; the resynchronisation after
            // the reconnect names every mailbox with its HIGHESTMODSEQ, so the session re-reads them.
            Appended whileDeaf = b.messages().append(work, List.of(message("while the feed is down"))).getFirst();
            await(heard, c -> c.equals(new MailboxChange.MailboxListChanged(alice)), DEADLINE);
            await(heard, messagesIn(work, whileDeaf.modSeq()), DEADLINE);
            // And the feed works again afterwards.
            Appended after = b.messages().append(box, List.of(message("after the reconnect"))).getFirst();
            await(heard, messagesIn(box, after.modSeq()), DEADLINE);
        }
    }

    @Test
    void twoNodesClaimingTheQueueAtOnceNeverLeaseOneEntryTwiceAndADeadNodesLeaseRunsOut() throws Exception {
        List<QueueId> queued = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            queued.add(a.queue().enqueue(new NewQueueEntry("alice@example.org",
                    List.of(new NewQueueEntry.Recipient("bob" + i + "@example.net", null, null)),
                    message("queued " + i).content(), null, false, false)).id());
        }
        Instant now = Instant.now();
        Duration lease = Duration.ofMinutes(5);
        List<Callable<List<QueueId>>> claims = new ArrayList<>();
        for (int t = 0; t < 8; t++) {
            PostgresMailStore node = t % 2 == 0 ? a : b;
            claims.add(() -> {
                List<QueueId> got = new ArrayList<>();
                List<QueueEntry> batch;
                while (!(batch = node.queue().claimDue(now, lease, 3)).isEmpty()) {
                    batch.forEach(e -> got.add(e.id()));
                }
                return got;
            });
        }
        List<QueueId> claimed = new ArrayList<>();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (Future<List<QueueId>> f : pool.invokeAll(claims)) {
                claimed.addAll(f.get());
            }
        }
        assertEquals(queued.size(), claimed.size(), "every entry leased exactly once");
        assertEquals(new HashSet<>(queued), new HashSet<>(claimed));
        // Node a dies holding its leases: node b finds nothing due until they run out, then takes them all.
        a.close();
        a = null;
        assertTrue(b.queue().claimDue(now.plus(lease).minusSeconds(1), lease, 100).isEmpty());
        assertEquals(queued.size(), b.queue().claimDue(now.plus(lease), lease, 100).size());
    }

    @Test
    void theOrphanSweepRemovesOnlyUnreferencedBlobsOlderThanTheGrace() {
        AccountId alice = alice();
        MailboxId box = inbox(a, alice);
        Appended kept = a.messages().append(box, List.of(message("kept"))).getFirst();
        // A blob whose append never committed (the node died in between).
        var orphan = a.blobs().put(message("orphan").content());
        try (PostgresMailStore sweeping = PostgresMailStore.open(database.settings(2), Optional.empty(),
                Clock.offset(Clock.systemUTC(), Duration.ofMinutes(10)), new OrphanSweep(Duration.ofMinutes(15),
                        OrphanSweep.DEFAULT_INTERVAL))) {
            assertEquals(0, sweeping.sweepOrphans(), "within the grace period nothing is an orphan");
            assertTrue(a.blobs().exists(orphan));
        }
        try (PostgresMailStore sweeping = PostgresMailStore.open(database.settings(2), Optional.empty(),
                Clock.offset(Clock.systemUTC(), Duration.ofMinutes(20)), new OrphanSweep(Duration.ofMinutes(15),
                        OrphanSweep.DEFAULT_INTERVAL))) {
            assertEquals(1, sweeping.sweepOrphans());
        }
        assertFalse(a.blobs().exists(orphan));
        var content = a.messages().fetch(box, List.of(kept.uid()), false).getFirst().content();
        assertTrue(a.blobs().exists(content), "a blob a message refers to stays");
    }

    @Test
    void eachNodeSweepsOrphansOnItsOwnAtTheConfiguredInterval() throws Exception {
        try (PostgresMailStore sweeping = PostgresMailStore.open(database.settings(2), Optional.empty(),
                Clock.systemUTC(), new OrphanSweep(Duration.ZERO, Duration.ofMillis(200)))) {
            var orphan = b.blobs().put(message("left behind by a crash").content());
            Instant end = Instant.now().plus(DEADLINE);
            while (sweeping.blobs().exists(orphan)) {
                assertTrue(Instant.now().isBefore(end), "the periodic sweep did not remove the orphan");
                Thread.sleep(50);
            }
        }
    }
}
