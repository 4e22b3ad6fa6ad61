package org.tegami.server;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.tegami.store.sqlite.SqliteMailStore;

/**
 * DESIGN.md's storage invariant, tested against the real server in its own JVM: whatever the server
 * acknowledged (an APPEND's tagged OK, a STORE's tagged OK) is still there, byte for byte, after the
 * process is killed with SIGKILL in the middle of concurrent writes and started again on the same data
 * directory. Writes that were not acknowledged may be lost, but never half-applied.
 *
 * <p>SIGKILL ends the process, not the machine: data the kernel has accepted survives even without an
 * fsync. This test therefore catches acknowledging too early, partial files under their final name and
 * torn metadata, not a missing fsync.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class DurabilityTest {

    private static final Duration STARTUP = Duration.ofSeconds(20);
    private static final Duration READ_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration WRITE_PHASE = Duration.ofSeconds(20);
    private static final String MAILBOX = "INBOX";
    private static final String USER = "postmaster@localhost";

    private static final Pattern APPENDUID = Pattern.compile("\\[APPENDUID (\\d+) (\\d+)]");
    private static final Pattern MESSAGE_ID = Pattern.compile("(?im)^Message-ID: (<[^>\\r\\n]+>)");
    private static final Pattern FETCH_UID = Pattern.compile("^\\* \\d+ FETCH \\(.*\\bUID (\\d+)");
    private static final Pattern FETCH_FLAGS = Pattern.compile("\\bFLAGS \\(([^)]*)\\)");
    private static final Pattern EXISTS = Pattern.compile("^\\* (\\d+) EXISTS");

    @TempDir
    Path dataDir;

    /** Every server this test started, so none outlives it whatever fails. */
    private final List<ServerProcess> servers = Collections.synchronizedList(new ArrayList<>());

    @AfterEach
    void stopServers() {
        servers.forEach(ServerProcess::close);
    }

    private ServerProcess startServer() throws Exception {
        ServerProcess server = ServerProcess.start(dataDir, STARTUP);
        servers.add(server);
        return server;
    }

    private static RawImapClient login(ServerProcess server, String password) throws IOException {
        RawImapClient client = RawImapClient.connect(server.imapsPort(), server.certificateFingerprint(), READ_TIMEOUT);
        RawImapClient.Completion login = client.login(USER, password);
        if (!login.ok()) {
            client.close();
            throw new AssertionError("login failed: " + login.text());
        }
        return client;
    }

    // ---------------------------------------------------------------------------------------------
    // APPEND

    /** One message a writer sent; {@code uid} is present once the server acknowledged it. */
    private record Attempt(String messageId, byte[] content, Optional<Long> uidValidity, Optional<Long> uid) {
        Attempt acknowledged(long validity, long assigned) {
            return new Attempt(messageId, content, Optional.of(validity), Optional.of(assigned));
        }

        boolean isAcknowledged() {
            return uid.isPresent();
        }
    }

    /** What the writers share: the attempts, the go-ahead for the kill, and failures before it. */
    private record AppendRun(Map<String, Attempt> attempts, CountDownLatch acknowledgements, AtomicBoolean killed,
                             List<Throwable> failures) {
    }

    @Test
    void acknowledgedAppendsSurviveSigkill() throws Exception {
        int writers = 4;
        int acknowledgementsBeforeKill = 50;
        long seed = new SplittableRandom().nextLong();

        ServerProcess first = startServer();
        String password = first.postmasterPassword().orElseThrow(() ->
                new AssertionError("the first start printed no postmaster password:\n" + first.output()));
        AppendRun run = new AppendRun(new ConcurrentHashMap<>(), new CountDownLatch(acknowledgementsBeforeKill),
                new AtomicBoolean(), Collections.synchronizedList(new ArrayList<>()));
        List<Thread> threads = new ArrayList<>();
        for (int w = 0; w < writers; w++) {
            int writer = w;
            SplittableRandom random = new SplittableRandom(seed + w);
            threads.add(Thread.ofPlatform().name("append-writer-" + w)
                    .start(() -> appendUntilKilled(first, password, writer, random, run)));
        }

        awaitOrAllDead(run.acknowledgements(), threads, run.failures());
        run.killed().set(true);
        assertEquals(ServerProcess.SIGKILL_EXIT_STATUS, first.kill(), "the server was not ended by SIGKILL");
        joinAll(threads);
        assertTrue(run.failures().isEmpty(), () -> "writers failed before the kill (seed " + seed + "): "
                + run.failures());

        Map<String, Attempt> attempts = Map.copyOf(run.attempts());
        List<Attempt> acknowledged = attempts.values().stream().filter(Attempt::isAcknowledged).toList();
        assertAcknowledgedUidsDistinct(acknowledged);

        ServerProcess second = startServer();
        assertTrue(second.postmasterPassword().isEmpty(), "the restart made a new first account:\n" + second.output());
        Map<Long, byte[]> found;
        try (RawImapClient client = login(second, password)) {
            MailboxCounters status = status(client);
            RawImapClient.Completion select = client.command("SELECT " + MAILBOX);
            assertTrue(select.ok(), select::text);
            MailboxCounters selected = selected(select);
            found = fetchBodies(client, "UID FETCH 1:* (UID BODY.PEEK[])");

            assertEquals(status, selected, "STATUS and SELECT disagree after the restart");
            assertEquals(selected.messages(), found.size(), "EXISTS is not the number of messages FETCH returns");
            long highestUid = found.keySet().stream().mapToLong(Long::longValue).max().orElse(0);
            assertTrue(selected.uidNext() > highestUid, "UIDNEXT " + selected.uidNext() + " is not above UID "
                    + highestUid);
            for (Attempt a : acknowledged) {
                assertEquals(a.uidValidity().orElseThrow(), selected.uidValidity(),
                        "UIDVALIDITY changed across the crash, so no acknowledged UID can be trusted");
            }
        }

        // Every acknowledged message is there, at the UID the server gave it, with exactly its bytes.
        for (Attempt a : acknowledged) {
            byte[] stored = found.get(a.uid().orElseThrow());
            assertNotNull(stored, () -> "acknowledged message " + a.messageId() + " (UID " + a.uid().orElseThrow()
                    + ") is lost (seed " + seed + ")");
            assertArrayEquals(a.content(), stored, () -> "acknowledged message " + a.messageId() + " (UID "
                    + a.uid().orElseThrow() + ") came back different");
        }
        // Nothing else is there but messages that were sent (acknowledged or not), once each and intact.
        Set<String> seen = new HashSet<>();
        int unacknowledgedFound = 0;
        for (Map.Entry<Long, byte[]> e : found.entrySet()) {
            String messageId = messageId(e.getValue())
                    .orElseThrow(() -> new AssertionError("UID " + e.getKey() + " holds a message without its"
                            + " Message-ID, so it is partial or corrupt"));
            Attempt a = attempts.get(messageId);
            assertNotNull(a, "UID " + e.getKey() + " holds " + messageId + ", which nobody sent");
            assertTrue(seen.add(messageId), messageId + " is stored twice but was appended once");
            assertArrayEquals(a.content(), e.getValue(), "UID " + e.getKey() + " (" + messageId
                    + (a.isAcknowledged() ? "" : ", not acknowledged") + ") is partial or corrupt");
            a.uid().ifPresent(uid -> assertEquals(uid, e.getKey(), messageId + " moved from its acknowledged UID"));
            if (!a.isAcknowledged()) {
                unacknowledgedFound++;
            }
        }
        second.kill();
        assertDatabaseIntact();
        // The first acknowledgement of every writer is a small message: one kept inside the database with its row.
        long inline = acknowledged.stream()
                .filter(a -> a.content().length <= StorageConfig.DEFAULT_INLINE_MESSAGE_MAX_BYTES).count();
        assertTrue(inline > 0, "no acknowledged message was small enough to be kept in the database");
        assertTrue(inlineContents() >= inline, "the acknowledged small messages are not in the database");

        System.out.printf(Locale.ROOT, "DurabilityTest APPEND: %d acknowledged before SIGKILL (%d in the database,"
                        + " %d in files), %d sent without acknowledgement; after restart %d stored (%d acknowledged,"
                        + " %d not); seed %d%n",
                acknowledged.size(), inline, acknowledged.size() - inline, attempts.size() - acknowledged.size(),
                found.size(), found.size() - unacknowledgedFound, unacknowledgedFound, seed);
    }

    /** A writer: appends fresh messages until the server dies under it. */
    private static void appendUntilKilled(ServerProcess server, String password, int writer, SplittableRandom random,
                                          AppendRun run) {
        try (RawImapClient client = login(server, password)) {
            for (int n = 0; ; n++) {
                String messageId = "<w" + writer + "." + n + "." + Long.toHexString(random.nextLong())
                        + "@durability.test>";
                // Each writer's first message is small and its second large, so that messages kept inside the
                // database and messages kept in files are both among the acknowledged ones.
                byte[] content = message(messageId, n == 0 ? 500 : n == 1 ? 100_000 : size(random), random);
                // Recorded before the first byte goes out: from then on the message may be stored.
                run.attempts().put(messageId, new Attempt(messageId, content, Optional.empty(), Optional.empty()));
                RawImapClient.Completion done = client.append(MAILBOX, n % 3 == 0 ? "\\Seen" : "", content, n % 2 == 0);
                if (!done.ok()) {
                    throw new AssertionError("APPEND of " + messageId + " was refused: " + done.text());
                }
                Matcher uid = APPENDUID.matcher(done.text());
                if (!uid.find()) {
                    throw new AssertionError("APPEND OK without APPENDUID: " + done.text());
                }
                run.attempts().compute(messageId, (id, a) ->
                        a.acknowledged(Long.parseLong(uid.group(1)), Long.parseLong(uid.group(2))));
                run.acknowledgements().countDown();
            }
        } catch (IOException | RuntimeException | AssertionError e) {
            // Once the server is killed every connection breaks; only a failure before that is one.
            if (!run.killed().get()) {
                run.failures().add(e);
            }
        }
    }

    /** Mostly small messages, some medium, a few large, as a mailbox receives them. */
    private static int size(SplittableRandom random) {
        int bucket = random.nextInt(10);
        if (bucket < 5) {
            return random.nextInt(300, 2_000);
        }
        if (bucket < 8) {
            return random.nextInt(2_000, 50_000);
        }
        return random.nextInt(50_000, 200_000);
    }

    private static final char[] BODY_CHARS =
            "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789 +/=.,-".toCharArray();

    /** A plain-text message of about {@code size} bytes with random lines, so no two bodies are alike. */
    private static byte[] message(String messageId, int size, SplittableRandom random) {
        StringBuilder text = new StringBuilder(size + 100)
                .append("Message-ID: ").append(messageId).append("\r\n")
                .append("Date: Mon, 2 Feb 2026 10:00:00 +0000\r\n")
                .append("From: Durability <writer@durability.test>\r\n")
                .append("To: ").append(USER).append("\r\n")
                .append("Subject: durability ").append(messageId).append("\r\n")
                .append("MIME-Version: 1.0\r\n")
                .append("Content-Type: text/plain; charset=us-ascii\r\n")
                .append("\r\n");
        while (text.length() < size) {
            int length = random.nextInt(1, 77);
            for (int i = 0; i < length; i++) {
                text.append(BODY_CHARS[random.nextInt(BODY_CHARS.length)]);
            }
            text.append("\r\n");
        }
        return text.toString().getBytes(StandardCharsets.US_ASCII);
    }

    private static Optional<String> messageId(byte[] message) {
        Matcher m = MESSAGE_ID.matcher(new String(message, 0, Math.min(message.length, 1_000),
                StandardCharsets.ISO_8859_1));
        return m.find() ? Optional.of(m.group(1)) : Optional.empty();
    }

    private static void assertAcknowledgedUidsDistinct(List<Attempt> acknowledged) {
        Map<Long, String> byUid = new HashMap<>();
        for (Attempt a : acknowledged) {
            String other = byUid.put(a.uid().orElseThrow(), a.messageId());
            assertTrue(other == null, "UID " + a.uid().orElseThrow() + " was given to " + other + " and "
                    + a.messageId());
        }
    }

    /** UID → the literal of each FETCH response; fails on a UID that comes back twice. */
    private static Map<Long, byte[]> fetchBodies(RawImapClient client, String command) throws IOException {
        RawImapClient.Completion fetch = client.command(command);
        assertTrue(fetch.ok(), fetch::text);
        Map<Long, byte[]> bodies = new HashMap<>();
        for (RawImapClient.Response r : fetch.untagged()) {
            Matcher uid = FETCH_UID.matcher(r.text());
            if (!uid.find()) {
                continue;
            }
            assertEquals(1, r.literals().size(), () -> "expected one literal in " + r.text());
            byte[] previous = bodies.put(Long.parseLong(uid.group(1)), r.literals().getFirst());
            assertTrue(previous == null, "UID " + uid.group(1) + " is in the mailbox twice");
        }
        return bodies;
    }

    // ---------------------------------------------------------------------------------------------
    // STORE

    /** One message's flags as its writer knows them: the last acknowledged set and the one in flight. */
    private record FlagState(Set<String> acknowledged, Optional<Set<String>> inFlight) {
    }

    private static final List<String> FLAG_CHOICES =
            List.of("\\Seen", "\\Flagged", "\\Answered", "\\Draft", "$Durable1", "$Durable2", "$Durable3");

    @Test
    void acknowledgedFlagChangesSurviveSigkill() throws Exception {
        int writers = 3;
        int messagesPerWriter = 8;
        int acknowledgementsBeforeKill = 150;
        long seed = new SplittableRandom().nextLong();

        ServerProcess first = startServer();
        String password = first.postmasterPassword().orElseThrow();
        List<Long> uids = new ArrayList<>();
        try (RawImapClient client = login(first, password)) {
            SplittableRandom random = new SplittableRandom(seed);
            for (int n = 0; n < writers * messagesPerWriter; n++) {
                String messageId = "<flags." + n + "@durability.test>";
                RawImapClient.Completion done = client.append(MAILBOX, "", message(messageId, 500, random), true);
                assertTrue(done.ok(), done::text);
                Matcher uid = APPENDUID.matcher(done.text());
                assertTrue(uid.find(), done::text);
                uids.add(Long.parseLong(uid.group(2)));
            }
        }

        Map<Long, FlagState> states = new ConcurrentHashMap<>();
        uids.forEach(uid -> states.put(uid, new FlagState(Set.of(), Optional.empty())));
        CountDownLatch acknowledgements = new CountDownLatch(acknowledgementsBeforeKill);
        AtomicBoolean killed = new AtomicBoolean();
        List<Throwable> failures = Collections.synchronizedList(new ArrayList<>());
        List<Thread> threads = new ArrayList<>();
        for (int w = 0; w < writers; w++) {
            // Each writer owns its own messages, so what it last stored is what the message must hold.
            List<Long> own = uids.subList(w * messagesPerWriter, (w + 1) * messagesPerWriter);
            SplittableRandom random = new SplittableRandom(seed + 1 + w);
            threads.add(Thread.ofPlatform().name("store-writer-" + w).start(() -> {
                try (RawImapClient client = login(first, password)) {
                    RawImapClient.Completion select = client.command("SELECT " + MAILBOX);
                    if (!select.ok()) {
                        throw new AssertionError(select.text());
                    }
                    for (int n = 0; ; n++) {
                        long uid = own.get(n % own.size());
                        FlagState state = states.get(uid);
                        Set<String> next = differentFlags(state.acknowledged(), random);
                        states.put(uid, new FlagState(state.acknowledged(), Optional.of(next)));
                        RawImapClient.Completion done = client.command("UID STORE " + uid + " FLAGS.SILENT ("
                                + String.join(" ", next) + ")");
                        if (!done.ok()) {
                            throw new AssertionError("STORE was refused: " + done.text());
                        }
                        states.put(uid, new FlagState(next, Optional.empty()));
                        acknowledgements.countDown();
                    }
                } catch (IOException | RuntimeException | AssertionError e) {
                    if (!killed.get()) {
                        failures.add(e);
                    }
                }
            }));
        }

        awaitOrAllDead(acknowledgements, threads, failures);
        killed.set(true);
        assertEquals(ServerProcess.SIGKILL_EXIT_STATUS, first.kill(), "the server was not ended by SIGKILL");
        joinAll(threads);
        assertTrue(failures.isEmpty(), () -> "writers failed before the kill (seed " + seed + "): " + failures);

        ServerProcess second = startServer();
        Map<Long, Set<String>> stored = new HashMap<>();
        try (RawImapClient client = login(second, password)) {
            RawImapClient.Completion select = client.command("SELECT " + MAILBOX);
            assertTrue(select.ok(), select::text);
            RawImapClient.Completion fetch = client.command("UID FETCH 1:* (UID FLAGS)");
            assertTrue(fetch.ok(), fetch::text);
            for (RawImapClient.Response r : fetch.untagged()) {
                Matcher uid = FETCH_UID.matcher(r.text());
                Matcher flags = FETCH_FLAGS.matcher(r.text());
                if (uid.find() && flags.find()) {
                    stored.put(Long.parseLong(uid.group(1)), normalised(flags.group(1)));
                }
            }
        }
        int inFlightApplied = 0;
        int inFlightTotal = 0;
        for (long uid : uids) {
            FlagState state = states.get(uid);
            Set<String> actual = stored.get(uid);
            assertNotNull(actual, "message UID " + uid + " is lost");
            Set<String> acknowledged = normalised(String.join(" ", state.acknowledged()));
            Optional<Set<String>> inFlight = state.inFlight().map(f -> normalised(String.join(" ", f)));
            inFlightTotal += inFlight.isPresent() ? 1 : 0;
            if (inFlight.isPresent() && actual.equals(inFlight.get())) {
                inFlightApplied++;
                continue;
            }
            assertEquals(acknowledged, actual, "UID " + uid + " lost its acknowledged flags (seed " + seed
                    + "; in flight: " + inFlight + ")");
        }
        second.kill();
        assertDatabaseIntact();

        System.out.printf(Locale.ROOT, "DurabilityTest STORE: %d+ acknowledged before SIGKILL on %d messages;"
                        + " after restart all acknowledged flags present, %d of %d in-flight stores applied; seed %d%n",
                acknowledgementsBeforeKill, uids.size(), inFlightApplied, inFlightTotal, seed);
    }

    /** A random set of flags that differs from {@code current}, so every STORE really changes something. */
    private static Set<String> differentFlags(Set<String> current, SplittableRandom random) {
        while (true) {
            Set<String> next = new TreeSet<>();
            for (String flag : FLAG_CHOICES) {
                if (random.nextBoolean()) {
                    next.add(flag);
                }
            }
            if (!next.equals(current)) {
                return Set.copyOf(next);
            }
        }
    }

    /** Flags compare case-insensitively (RFC 9051 §2.3.2); \Recent is the server's, not the writer's. */
    private static Set<String> normalised(String flagList) {
        return java.util.Arrays.stream(flagList.trim().split("\\s+"))
                .filter(f -> !f.isEmpty() && !f.equalsIgnoreCase("\\Recent"))
                .map(f -> f.toLowerCase(Locale.ROOT))
                .collect(Collectors.toSet());
    }

    // ---------------------------------------------------------------------------------------------
    // Shared

    private record MailboxCounters(long messages, long uidNext, long uidValidity) {
    }

    private static MailboxCounters status(RawImapClient client) throws IOException {
        RawImapClient.Completion status = client.command("STATUS " + MAILBOX + " (MESSAGES UIDNEXT UIDVALIDITY)");
        assertTrue(status.ok(), status::text);
        String line = status.untagged().stream().map(RawImapClient.Response::text)
                .filter(t -> t.startsWith("* STATUS")).findFirst()
                .orElseThrow(() -> new AssertionError("no STATUS response: " + status.untagged()));
        return new MailboxCounters(number(line, "MESSAGES (\\d+)"), number(line, "UIDNEXT (\\d+)"),
                number(line, "UIDVALIDITY (\\d+)"));
    }

    private static MailboxCounters selected(RawImapClient.Completion select) {
        long exists = -1;
        long uidNext = -1;
        long uidValidity = -1;
        for (RawImapClient.Response r : select.untagged()) {
            Matcher m = EXISTS.matcher(r.text());
            if (m.find()) {
                exists = Long.parseLong(m.group(1));
            } else if (r.text().contains("[UIDNEXT ")) {
                uidNext = number(r.text(), "\\[UIDNEXT (\\d+)]");
            } else if (r.text().contains("[UIDVALIDITY ")) {
                uidValidity = number(r.text(), "\\[UIDVALIDITY (\\d+)]");
            }
        }
        return new MailboxCounters(exists, uidNext, uidValidity);
    }

    private static long number(String text, String regex) {
        Matcher m = Pattern.compile(regex).matcher(text);
        if (!m.find()) {
            throw new AssertionError("no " + regex + " in " + text);
        }
        return Long.parseLong(m.group(1));
    }

    /**
     * Waits for enough acknowledgements, polling so that writers that all died early fail the test at
     * once instead of at the deadline.
     */
    private static void awaitOrAllDead(CountDownLatch latch, List<Thread> threads, List<Throwable> failures)
            throws InterruptedException {
        Instant deadline = Instant.now().plus(WRITE_PHASE);
        while (!latch.await(100, TimeUnit.MILLISECONDS)) {
            if (threads.stream().noneMatch(Thread::isAlive)) {
                fail("every writer stopped before the kill: " + failures);
            }
            if (Instant.now().isAfter(deadline)) {
                fail("only " + (latch.getCount()) + " acknowledgements short after " + WRITE_PHASE
                        + "; failures: " + failures);
            }
        }
    }

    /** Writers see their connection break when the server dies; the read timeout bounds the rest. */
    private static void joinAll(List<Thread> threads) throws InterruptedException {
        Instant deadline = Instant.now().plus(READ_TIMEOUT).plusSeconds(5);
        for (Thread t : threads) {
            Duration left = Duration.between(Instant.now(), deadline);
            if (!t.join(left.isNegative() ? Duration.ZERO : left)) {
                fail(t.getName() + " is still running after the server was killed");
            }
        }
    }

    /** How many contents the SQLite store keeps inside the database. */
    private long inlineContents() throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dataDir.resolve("tegami.db"));
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT count(*) FROM content_bytes")) {
            assertTrue(rs.next());
            return rs.getLong(1);
        }
    }

    /** The database after two crashes: SQLite finds no damage, and the store opens on it. */
    private void assertDatabaseIntact() throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dataDir.resolve("tegami.db"));
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("PRAGMA integrity_check")) {
            assertTrue(rs.next());
            assertEquals("ok", rs.getString(1));
        }
        SqliteMailStore.open(dataDir).close();
    }
}
