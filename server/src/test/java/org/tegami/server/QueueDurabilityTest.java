package org.tegami.server;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.BufferedInputStream;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringReader;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.tegami.store.sqlite.SqliteMailStore;

/**
 * The outbound queue against the real server in its own JVM, ended with SIGKILL: a message the server
 * acknowledged with 250 after DATA reaches the smarthost after a restart, byte for byte, and exactly once
 * unless its delivery was under way at the kill.
 *
 * <p>SMTP hands a message over at least once, not exactly once (RFC 5321 §6.1, RFC 1047): a message the
 * smarthost has taken, but whose 250 the killed server never read or recorded, is sent again after the
 * restart. That duplicate is inherent, so it is allowed, once, for exactly the entries whose lease the
 * dead server still held; nothing else may arrive twice.
 *
 * <p>A lease outlives the process that took it and is at least 60 s ({@code lease_seconds}). Waiting it
 * out would take longer than this whole test, so after each kill the test does what an operator does
 * after a crash: {@code tegami queue retry} on the entries the dead server held. That a lease which runs
 * out makes its entry due again is covered by the store's queue contract tests.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class QueueDurabilityTest {

    private static final Duration STARTUP = Duration.ofSeconds(20);
    private static final Duration READ_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration SUBMIT_PHASE = Duration.ofSeconds(20);
    private static final Duration DELIVERY = Duration.ofSeconds(20);
    private static final Duration POLL_INTERVAL = Duration.ofMillis(25);
    /** The first start creates this account and prints its password; it may send as itself. */
    private static final String USER = "postmaster@localhost";

    private static final Pattern ACCEPTED_AS = Pattern.compile("accepted as (Q\\d+)");
    private static final Pattern LISTED_ID = Pattern.compile("(?m)^(Q\\d+)  from <");
    private static final Pattern MESSAGE_ID = Pattern.compile("(?im)^Message-ID: (<[^>\\r\\n]+>)");

    @TempDir
    Path dataDir;

    @TempDir
    Path configDir;

    /** Everything this test started, so none outlives it whatever fails. */
    private final List<AutoCloseable> started = Collections.synchronizedList(new ArrayList<>());

    @AfterEach
    void stopEverything() throws Exception {
        for (AutoCloseable each : started.reversed()) {
            each.close();
        }
    }

    // ---------------------------------------------------------------------------------------------
    // Scenario 1: SIGKILL while clients submit; nothing can be delivered yet.

    @Test
    void acknowledgedSubmissionsSurviveSigkillAndAreDeliveredOnceAfterRestart() throws Exception {
        int clients = 4;
        int acknowledgementsBeforeKill = 60;
        long seed = new SplittableRandom().nextLong();

        // Connections to the smarthost are refused, so every message stays queued, retried every few seconds.
        ServerProcess first = startServer(config("unreachable", closedPort()));
        Submitters submitters = new Submitters(first, clients, Integer.MAX_VALUE, "kill-on-submit", seed);
        poll("acknowledgement of " + acknowledgementsBeforeKill + " submissions", SUBMIT_PHASE,
                () -> submitters.acknowledged() >= acknowledgementsBeforeKill || submitters.allStopped(),
                submitters::toString);
        submitters.killing();
        assertEquals(ServerProcess.SIGKILL_EXIT_STATUS, first.kill(), "the server was not ended by SIGKILL");
        submitters.join();
        submitters.assertNoFailureBeforeTheKill(seed);
        Map<String, Submission> sent = submitters.sent();
        List<Submission> acknowledged = acknowledged(sent);
        assertTrue(acknowledged.size() >= acknowledgementsBeforeKill, submitters::toString);

        assertAcknowledgedStillQueued(acknowledged);
        Set<String> leased = retryLeasedEntries();

        FakeRelay relay = startRelay(FakeRelay.acceptingAll());
        ServerProcess second = startServer(config("relay", relay.port()));
        awaitDelivered(relay, acknowledged);
        awaitEmptyQueue();
        second.kill(); // nothing is left to send; stopping it keeps the counts below final

        DeliveryCount count = assertDelivered(sent, relay.deliveries(), Set.of());
        assertEquals(0, count.duplicates(), "nothing was delivered before the kill, so nothing may come twice");
        System.out.printf(Locale.ROOT, "QueueDurabilityTest submit: %d acknowledged before SIGKILL, %d"
                        + " unacknowledged; %d leased by the killed server; after restart %d acknowledged and %d"
                        + " unacknowledged delivered, %d duplicates; seed %d%n",
                acknowledged.size(), sent.size() - acknowledged.size(), leased.size(), count.acknowledged(),
                count.unacknowledged(), count.duplicates(), seed);
    }

    // ---------------------------------------------------------------------------------------------
    // Scenario 2: SIGKILL while the restarted server is delivering to a smarthost that holds its replies.

    @Test
    void aKillDuringDeliveryLosesNothingAndDuplicatesOnlyWhatWasInFlight() throws Exception {
        int clients = 3;
        int messagesPerClient = 10;
        int acceptedAtOnce = 6;
        long seed = new SplittableRandom().nextLong();

        // First the queue fills while the smarthost is unreachable, and the server is killed with all of it
        // queued, so that the restarted server finds every entry due and starts on a full batch of them.
        ServerProcess first = startServer(config("unreachable", closedPort()));
        Submitters submitters = new Submitters(first, clients, messagesPerClient, "kill-on-delivery", seed);
        poll("all submissions acknowledged", SUBMIT_PHASE, submitters::allStopped, submitters::toString);
        submitters.assertNoFailureBeforeTheKill(seed);
        Map<String, Submission> sent = submitters.sent();
        List<Submission> acknowledged = acknowledged(sent);
        assertEquals(clients * messagesPerClient, acknowledged.size(), submitters::toString);
        assertEquals(ServerProcess.SIGKILL_EXIT_STATUS, first.kill(), "the server was not ended by SIGKILL");
        assertAcknowledgedStillQueued(acknowledged);
        retryLeasedEntries();

        // The smarthost takes the first messages at once, then sits on its reply to the data of every later
        // one until released; the server is killed once it waits for nothing but those replies.
        FakeRelay relay = startRelay(FakeRelay.holdingRepliesAfter(acceptedAtOnce));
        ServerProcess second = startServer(config("relay", relay.port()));
        poll(acceptedAtOnce + " messages delivered and the server waiting only for held replies", DELIVERY,
                () -> relay.deliveries().size() >= acceptedAtOnce && relay.holding() > 0
                        && relay.sessions() == relay.holding(),
                relay::toString);
        assertEquals(ServerProcess.SIGKILL_EXIT_STATUS, second.kill(), "the server was not ended by SIGKILL");
        int deliveredBeforeKill = relay.deliveries().size();
        int heldAtKill = relay.holding();
        // The smarthost now takes the held messages: their 250 goes to a dead connection, as when the
        // sending server crashes between the end of the data and reading the reply.
        relay.release();
        poll("the smarthost taking the held messages", READ_TIMEOUT, () -> relay.holding() == 0, relay::toString);
        Set<String> heldMessageIds = relay.deliveries().stream().filter(Delivery::heldAcrossKill)
                .map(Delivery::messageId).collect(Collectors.toSet());
        assertEquals(heldAtKill, heldMessageIds.size(), relay::toString);

        assertAcknowledgedStillDeliveredOrQueued(acknowledged, relay.deliveries());
        Set<String> leased = retryLeasedEntries();
        Set<String> inFlight = acknowledged.stream().filter(s -> leased.contains(s.queueId().orElseThrow()))
                .map(Submission::messageId).collect(Collectors.toSet());
        assertTrue(inFlight.containsAll(heldMessageIds),
                () -> "a message the smarthost held must belong to an entry still leased: held " + heldMessageIds
                        + ", leased " + inFlight);

        ServerProcess third = startServer(config("relay", relay.port()));
        awaitDelivered(relay, acknowledged);
        awaitEmptyQueue();
        third.kill();

        DeliveryCount count = assertDelivered(sent, relay.deliveries(), inFlight);
        Map<String, Long> copies = copiesById(relay.deliveries());
        for (String held : heldMessageIds) {
            // The server never learnt that the held message was taken, so it had to send it again.
            assertEquals(2L, copies.get(held), held + " was held at the kill and must have been sent again");
        }
        System.out.printf(Locale.ROOT, "QueueDurabilityTest deliver: %d acknowledged; at SIGKILL %d delivered and"
                        + " %d held by the smarthost, %d entries leased; after restart all %d delivered, %d"
                        + " duplicates; seed %d%n",
                acknowledged.size(), deliveredBeforeKill, heldAtKill, inFlight.size(), count.acknowledged(),
                count.duplicates(), seed);
    }

    // ---------------------------------------------------------------------------------------------
    // The server, its configuration and its command line

    private ServerProcess startServer(Path config) throws Exception {
        ServerProcess server = ServerProcess.start(dataDir, Optional.of(config), STARTUP);
        started.add(server);
        return server;
    }

    private FakeRelay startRelay(FakeRelay relay) {
        started.add(relay);
        return relay;
    }

    /**
     * A configuration whose smarthost is {@code 127.0.0.1:relayPort}, without TLS or credentials, and
     * whose retries come within seconds, so the restarted server does not keep the test waiting.
     */
    private Path config(String name, int relayPort) throws IOException {
        Path file = configDir.resolve(name + "-" + relayPort + ".toml");
        Files.writeString(file, """
                [relay]
                host = "127.0.0.1"
                port = %d
                tls = "starttls-optional"

                [outbound]
                retry_initial_delay_seconds = 1
                retry_factor = 2.0
                retry_max_delay_seconds = 2
                connect_timeout_seconds = 5
                command_timeout_seconds = 10
                data_timeout_seconds = 30

                [smtp_limits]
                # The test submits faster than any person; the hourly limit is not what it is about.
                max_messages_per_hour = 100000
                """.formatted(relayPort));
        return file;
    }

    /** A loopback port where nothing listens: connections to it are refused at once. */
    private static int closedPort() throws IOException {
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return probe.getLocalPort();
        }
    }

    private record CliResult(int status, String out, String err) {
    }

    /** {@code tegami ARGS --data DIR} in this JVM, as an operator would run it next to the server. */
    private CliResult cli(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        String[] withData = Stream.concat(Arrays.stream(args), Stream.of("--data", dataDir.toString()))
                .toArray(String[]::new);
        int status = Main.run(withData, new Terminal(new PrintWriter(out), new PrintWriter(err),
                new BufferedReader(new StringReader("")), Optional.empty()), SqliteMailStore::open);
        return new CliResult(status, out.toString(), err.toString());
    }

    private Set<String> listedQueueIds() {
        CliResult listed = cli("queue", "list");
        assertEquals(0, listed.status(), listed.err());
        Set<String> ids = new HashSet<>();
        Matcher m = LISTED_ID.matcher(listed.out());
        while (m.find()) {
            ids.add(m.group(1));
        }
        return ids;
    }

    /** Right after the kill, before anything could send them: every acknowledged message is in the queue. */
    private void assertAcknowledgedStillQueued(List<Submission> acknowledged) {
        Set<String> listed = listedQueueIds();
        List<String> missing = acknowledged.stream().map(s -> s.queueId().orElseThrow())
                .filter(id -> !listed.contains(id)).toList();
        assertTrue(missing.isEmpty(), () -> "acknowledged but no longer queued after SIGKILL: " + missing);
    }

    /** After a kill during delivery: every acknowledged message was either taken by the smarthost or is queued. */
    private void assertAcknowledgedStillDeliveredOrQueued(List<Submission> acknowledged, List<Delivery> delivered) {
        Set<String> listed = listedQueueIds();
        Set<String> arrived = delivered.stream().map(Delivery::messageId).collect(Collectors.toSet());
        List<String> missing = acknowledged.stream()
                .filter(s -> !arrived.contains(s.messageId()) && !listed.contains(s.queueId().orElseThrow()))
                .map(s -> s.queueId().orElseThrow() + " " + s.messageId()).toList();
        assertTrue(missing.isEmpty(), () -> "acknowledged, neither delivered nor queued after SIGKILL: " + missing);
    }

    /**
     * The entries the killed server had claimed and not yet settled (their lease is set), made due now
     * with {@code tegami queue retry}; returns their ids.
     */
    private Set<String> retryLeasedEntries() throws Exception {
        Set<String> leased = new HashSet<>();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dataDir.resolve("tegami.db"));
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT id FROM queue WHERE lease_until IS NOT NULL")) {
            while (rs.next()) {
                leased.add("Q" + rs.getLong(1));
            }
        }
        for (String id : leased) {
            CliResult retried = cli("queue", "retry", id);
            assertEquals(0, retried.status(), retried.err());
        }
        return leased;
    }

    private void awaitEmptyQueue() throws InterruptedException {
        String[] last = {""};
        poll("an empty queue", DELIVERY, () -> {
            CliResult listed = cli("queue", "list");
            last[0] = listed.out() + listed.err();
            return listed.status() == 0 && listed.out().equals("the queue is empty\n");
        }, () -> last[0]);
    }

    private static void awaitDelivered(FakeRelay relay, List<Submission> acknowledged) throws InterruptedException {
        Set<String> expected = acknowledged.stream().map(Submission::messageId).collect(Collectors.toSet());
        poll("delivery of all " + expected.size() + " acknowledged messages", DELIVERY, () -> {
            Set<String> arrived = relay.deliveries().stream().map(Delivery::messageId).collect(Collectors.toSet());
            return arrived.containsAll(expected);
        }, () -> {
            Set<String> missing = new HashSet<>(expected);
            relay.deliveries().forEach(d -> missing.remove(d.messageId()));
            return "still missing: " + missing;
        });
    }

    /** Checks {@code done} every {@link #POLL_INTERVAL} until it holds, failing with {@code state} at the deadline. */
    private static void poll(String what, Duration within, BooleanSupplier done, Supplier<String> state)
            throws InterruptedException {
        Instant deadline = Instant.now().plus(within);
        while (!done.getAsBoolean()) {
            if (Instant.now().isAfter(deadline)) {
                fail(what + " did not happen within " + within + "; " + state.get());
            }
            Thread.sleep(POLL_INTERVAL);
        }
    }

    // ---------------------------------------------------------------------------------------------
    // What arrived

    private record DeliveryCount(int acknowledged, int unacknowledged, int duplicates) {
    }

    private static Map<String, Long> copiesById(List<Delivery> deliveries) {
        return deliveries.stream().collect(Collectors.groupingBy(Delivery::messageId, Collectors.counting()));
    }

    /**
     * Every acknowledged message arrived; each arrival is a message a client sent, with its envelope, and
     * its bytes are exactly what the client sent behind the one Received header the server adds (the test's
     * messages have their own Date and Message-ID, so nothing else is added). Acknowledged messages arrive
     * once, or twice if in {@code mayBeDuplicated}; unacknowledged ones at most once.
     */
    private static DeliveryCount assertDelivered(Map<String, Submission> sent, List<Delivery> deliveries,
                                                 Set<String> mayBeDuplicated) {
        for (Delivery d : deliveries) {
            Submission s = sent.get(d.messageId());
            assertTrue(s != null, () -> "the smarthost received a message no client sent: " + d.messageId());
            assertEquals(USER, d.sender(), d.messageId());
            assertEquals(List.of(s.recipient()), d.recipients(), d.messageId());
            byte[] content = d.content();
            int headerEnd = receivedHeaderEnd(content);
            String received = new String(content, 0, headerEnd, StandardCharsets.US_ASCII);
            assertTrue(received.startsWith("Received: from client.test ")
                            && received.contains("\tby localhost (Tegami) with ESMTPSA "),
                    () -> d.messageId() + " does not start with the server's Received header: " + received);
            assertArrayEquals(s.content(), Arrays.copyOfRange(content, headerEnd, content.length),
                    () -> d.messageId() + " (" + s.content().length + " bytes sent, " + (content.length - headerEnd)
                            + " arrived after the Received header) changed on its way");
        }
        Map<String, Long> copies = copiesById(deliveries);
        int acknowledged = 0;
        int unacknowledged = 0;
        int duplicates = 0;
        for (Submission s : sent.values()) {
            long n = copies.getOrDefault(s.messageId(), 0L);
            if (s.queueId().isPresent()) {
                assertTrue(n >= 1, () -> s.messageId() + " (" + s.queueId().get() + ") was acknowledged but is lost");
                long allowed = mayBeDuplicated.contains(s.messageId()) ? 2 : 1;
                assertTrue(n <= allowed, () -> s.messageId() + " (" + s.queueId().get() + ") arrived " + n
                        + " times; in flight at the kill: " + mayBeDuplicated.contains(s.messageId()));
                acknowledged++;
            } else {
                assertTrue(n <= 1, () -> s.messageId() + " was not acknowledged yet arrived " + n + " times");
                unacknowledged += (int) n;
            }
            duplicates += (int) Math.max(0, n - 1);
        }
        return new DeliveryCount(acknowledged, unacknowledged, duplicates);
    }

    /** The end of the leading Received header: its first line and the folded lines after it (RFC 5322 §2.2.3). */
    private static int receivedHeaderEnd(byte[] content) {
        int i = 0;
        while (true) {
            int lf = indexOf(content, (byte) '\n', i);
            if (lf < 0) {
                return content.length;
            }
            i = lf + 1;
            if (i >= content.length || (content[i] != ' ' && content[i] != '\t')) {
                return i;
            }
        }
    }

    private static int indexOf(byte[] bytes, byte b, int from) {
        for (int i = from; i < bytes.length; i++) {
            if (bytes[i] == b) {
                return i;
            }
        }
        return -1;
    }

    private static Optional<String> messageId(byte[] message) {
        Matcher m = MESSAGE_ID.matcher(new String(message, 0, Math.min(message.length, 4_000),
                StandardCharsets.ISO_8859_1));
        return m.find() ? Optional.of(m.group(1)) : Optional.empty();
    }

    // ---------------------------------------------------------------------------------------------
    // Submission

    /** One message a client sent; {@code queueId} is present once the server answered 250 to its data. */
    private record Submission(String messageId, String recipient, byte[] content, Optional<String> queueId) {
    }

    private static List<Submission> acknowledged(Map<String, Submission> sent) {
        return sent.values().stream().filter(s -> s.queueId().isPresent()).toList();
    }

    /**
     * Client threads, each on one authenticated submission connection, sending distinct messages to
     * remote recipients until their number is reached or the server dies.
     */
    private static final class Submitters {
        private final Map<String, Submission> sent = new ConcurrentHashMap<>();
        private final AtomicInteger acknowledged = new AtomicInteger();
        private final AtomicBoolean killed = new AtomicBoolean();
        private final List<Throwable> failures = Collections.synchronizedList(new ArrayList<>());
        private final List<Thread> threads = new ArrayList<>();

        Submitters(ServerProcess server, int clients, int messagesPerClient, String tag, long seed) {
            String password = server.postmasterPassword()
                    .orElseThrow(() -> new AssertionError("no password printed:\n" + server.output()));
            for (int c = 0; c < clients; c++) {
                int client = c;
                SplittableRandom random = new SplittableRandom(seed + client);
                threads.add(Thread.ofPlatform().name("submitter-" + client).start(() ->
                        submit(server, password, client, messagesPerClient, tag + "." + Long.toHexString(seed),
                                random)));
            }
        }

        private void submit(ServerProcess server, String password, int client, int messages, String tag,
                            SplittableRandom random) {
            try (SmtpTestClient smtp = SmtpTestClient.connect(server.submissionsPort(),
                    server.certificateFingerprint(), READ_TIMEOUT)) {
                expect(235, smtp.login(USER, password));
                for (int n = 0; n < messages; n++) {
                    String messageId = "<" + tag + "." + client + "." + n + "@queue.test>";
                    String recipient = "someone-" + client + "-" + n + "@remote.example";
                    String text = message(messageId, recipient, size(random), random);
                    expect(250, smtp.command("MAIL FROM:<" + USER + ">"));
                    expect(250, smtp.command("RCPT TO:<" + recipient + ">"));
                    // Each line goes out with CRLF, so the server has the text plus a final CRLF.
                    byte[] content = (text + "\r\n").getBytes(StandardCharsets.US_ASCII);
                    sent.put(messageId, new Submission(messageId, recipient, content, Optional.empty()));
                    SmtpTestClient.SmtpReply done = smtp.data(text);
                    expect(250, done);
                    Matcher id = ACCEPTED_AS.matcher(done.text());
                    if (!id.find()) {
                        throw new AssertionError("250 without a queue id: " + done.text());
                    }
                    sent.put(messageId, new Submission(messageId, recipient, content, Optional.of(id.group(1))));
                    acknowledged.incrementAndGet();
                }
                smtp.command("QUIT");
            } catch (IOException | RuntimeException | AssertionError e) {
                // Once the server is killed every connection breaks; only a failure before that is one.
                if (!killed.get()) {
                    failures.add(e);
                }
            }
        }

        private static void expect(int code, SmtpTestClient.SmtpReply reply) {
            if (reply.code() != code) {
                throw new AssertionError("expected " + code + ", got " + reply.text());
            }
        }

        int acknowledged() {
            return acknowledged.get();
        }

        boolean allStopped() {
            return threads.stream().noneMatch(Thread::isAlive);
        }

        /** From now on a broken connection is what the test caused, not a failure. */
        void killing() {
            killed.set(true);
        }

        /** Waits for the clients, which see their connections break once the server is dead. */
        void join() throws InterruptedException {
            Instant deadline = Instant.now().plus(READ_TIMEOUT).plusSeconds(5);
            for (Thread t : threads) {
                Duration left = Duration.between(Instant.now(), deadline);
                if (!t.join(left.isNegative() ? Duration.ZERO : left)) {
                    fail(t.getName() + " is still running after the server was killed");
                }
            }
        }

        void assertNoFailureBeforeTheKill(long seed) {
            assertTrue(failures.isEmpty(), () -> "submissions failed before the kill (seed " + seed + "): " + failures);
        }

        Map<String, Submission> sent() {
            return Map.copyOf(sent);
        }

        @Override
        public String toString() {
            return acknowledged.get() + " of " + sent.size() + " messages acknowledged, "
                    + threads.stream().filter(Thread::isAlive).count() + " clients running, failures " + failures;
        }
    }

    /** Mostly small messages, some medium, a few up to 100 KB. */
    private static int size(SplittableRandom random) {
        int bucket = random.nextInt(10);
        if (bucket < 5) {
            return random.nextInt(300, 2_000);
        }
        if (bucket < 8) {
            return random.nextInt(2_000, 30_000);
        }
        return random.nextInt(30_000, 100_000);
    }

    private static final char[] BODY_CHARS =
            "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789 +/=.,-".toCharArray();

    /**
     * A message from the postmaster with its own Date and Message-ID, of about {@code size} bytes of random
     * lines, some starting with a dot, so dot-stuffing is exercised on the way in and on the way out.
     * CRLF between lines, none at the end.
     */
    private static String message(String messageId, String recipient, int size, SplittableRandom random) {
        StringBuilder text = new StringBuilder(size + 100)
                .append("Message-ID: ").append(messageId).append("\r\n")
                .append("Date: Mon, 2 Feb 2026 10:00:00 +0000\r\n")
                .append("From: Postmaster <").append(USER).append(">\r\n")
                .append("To: <").append(recipient).append(">\r\n")
                .append("Subject: queued ").append(messageId).append("\r\n")
                .append("MIME-Version: 1.0\r\n")
                .append("Content-Type: text/plain; charset=us-ascii\r\n")
                .append("\r\n")
                .append("First line.");
        while (text.length() < size) {
            text.append("\r\n");
            switch (random.nextInt(20)) {
                case 0 -> text.append('.');
                case 1 -> text.append("..");
                default -> { }
            }
            int length = random.nextInt(1, 77);
            for (int i = 0; i < length; i++) {
                text.append(BODY_CHARS[random.nextInt(BODY_CHARS.length)]);
            }
        }
        return text.toString();
    }

    // ---------------------------------------------------------------------------------------------
    // The smarthost

    /** One message as the smarthost took it: envelope and the data, dot-unstuffed. */
    private record Delivery(String sender, List<String> recipients, byte[] content, String messageId,
                            boolean heldAcrossKill) {
    }

    /**
     * A smarthost on loopback without TLS or AUTH (the relay is configured {@code starttls-optional}
     * without credentials) that records every message it takes. It may take the first messages at once
     * and sit on its reply to the data of later ones until {@link #release()}.
     */
    private static final class FakeRelay implements AutoCloseable {
        /** How long a held reply waits for {@link #release()} before the relay gives up with 451. */
        private static final Duration HOLD_LIMIT = Duration.ofSeconds(30);
        private static final int MAX_LINE_BYTES = 1 << 20;

        private final ServerSocket listening;
        private final Thread acceptor;
        private final int acceptedAtOnce;
        private final CountDownLatch released = new CountDownLatch(1);
        private final AtomicInteger arrivals = new AtomicInteger();
        private final AtomicInteger holding = new AtomicInteger();
        private final List<Delivery> deliveries = Collections.synchronizedList(new ArrayList<>());
        private final Set<Socket> connections = ConcurrentHashMap.newKeySet();

        private FakeRelay(int acceptedAtOnce) throws IOException {
            this.acceptedAtOnce = acceptedAtOnce;
            listening = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
            acceptor = Thread.ofVirtual().name("fake-relay").start(() -> {
                while (!listening.isClosed()) {
                    try {
                        Socket connection = listening.accept();
                        connections.add(connection);
                        Thread.ofVirtual().name("fake-relay-session").start(() -> converse(connection));
                    } catch (IOException e) {
                        return; // closed
                    }
                }
            });
        }

        static FakeRelay acceptingAll() throws IOException {
            return new FakeRelay(Integer.MAX_VALUE);
        }

        static FakeRelay holdingRepliesAfter(int acceptedAtOnce) throws IOException {
            return new FakeRelay(acceptedAtOnce);
        }

        int port() {
            return listening.getLocalPort();
        }

        List<Delivery> deliveries() {
            synchronized (deliveries) {
                return List.copyOf(deliveries);
            }
        }

        /** Connections open right now. */
        int sessions() {
            return connections.size();
        }

        /** Messages whose data arrived and whose reply is being held. */
        int holding() {
            return holding.get();
        }

        /** Takes the held messages and every later one at once. */
        void release() {
            released.countDown();
        }

        private void converse(Socket connection) {
            try (connection) {
                connection.setSoTimeout((int) READ_TIMEOUT.toMillis());
                InputStream in = new BufferedInputStream(connection.getInputStream());
                OutputStream out = connection.getOutputStream();
                reply(out, "220 relay.test ESMTP");
                String sender = null;
                List<String> recipients = new ArrayList<>();
                byte[] raw;
                while ((raw = readLine(in)) != null) {
                    String line = new String(raw, StandardCharsets.US_ASCII).strip();
                    String verb = line.length() >= 4 ? line.substring(0, 4).toUpperCase(Locale.ROOT) : line;
                    switch (verb) {
                        // No extensions: nothing (STARTTLS, SIZE, DSN, CHUNKING) changes what the server sends.
                        case "EHLO", "HELO" -> reply(out, "250 relay.test");
                        case "MAIL" -> {
                            sender = address(line);
                            recipients = new ArrayList<>();
                            reply(out, "250 2.1.0 OK");
                        }
                        case "RCPT" -> {
                            recipients.add(address(line));
                            reply(out, "250 2.1.5 OK");
                        }
                        case "DATA" -> {
                            reply(out, "354 go ahead");
                            take(new Transaction(sender, List.copyOf(recipients)), readData(in), out);
                            sender = null;
                            recipients = new ArrayList<>();
                        }
                        case "RSET", "NOOP" -> reply(out, "250 2.0.0 OK");
                        case "QUIT" -> {
                            reply(out, "221 2.0.0 bye");
                            return;
                        }
                        default -> reply(out, "500 5.5.2 unknown command");
                    }
                }
            } catch (IOException e) {
                // the server hung up or was killed
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                connections.remove(connection);
            }
        }

        private record Transaction(String sender, List<String> recipients) {
        }

        private void take(Transaction transaction, byte[] content, OutputStream out)
                throws IOException, InterruptedException {
            boolean hold = arrivals.getAndIncrement() >= acceptedAtOnce && released.getCount() > 0;
            if (hold) {
                holding.incrementAndGet();
                if (!released.await(HOLD_LIMIT.toMillis(), TimeUnit.MILLISECONDS)) {
                    holding.decrementAndGet();
                    reply(out, "451 4.3.0 held too long");
                    return;
                }
            }
            // The smarthost is responsible for the message from here on, before its 250 is written: if the
            // sender is gone by then, the reply is lost and the sender will rightly send the message again.
            String messageId = messageId(content).orElse("(no Message-ID)");
            deliveries.add(new Delivery(transaction.sender(), transaction.recipients(), content, messageId, hold));
            if (hold) {
                holding.decrementAndGet();
            }
            reply(out, "250 2.0.0 OK queued");
        }

        private static String address(String line) {
            int open = line.indexOf('<');
            int close = line.indexOf('>', open + 1);
            return open < 0 || close < 0 ? line : line.substring(open + 1, close);
        }

        /** The data up to the line with one dot (RFC 5321 §4.1.1.4), with leading dots unstuffed (§4.5.2). */
        private static byte[] readData(InputStream in) throws IOException {
            ByteArrayOutputStream content = new ByteArrayOutputStream();
            byte[] line;
            while ((line = readLine(in)) != null) {
                if (line.length == 3 && line[0] == '.' && line[1] == '\r' && line[2] == '\n') {
                    return content.toByteArray();
                }
                int from = line.length > 0 && line[0] == '.' ? 1 : 0;
                content.write(line, from, line.length - from);
            }
            throw new IOException("connection closed in the middle of the data");
        }

        /** One line with its line end; null at the end of the stream. */
        private static byte[] readLine(InputStream in) throws IOException {
            ByteArrayOutputStream line = new ByteArrayOutputStream(128);
            int b;
            while ((b = in.read()) >= 0) {
                line.write(b);
                if (b == '\n') {
                    return line.toByteArray();
                }
                if (line.size() > MAX_LINE_BYTES) {
                    throw new IOException("line longer than " + MAX_LINE_BYTES + " bytes");
                }
            }
            if (line.size() > 0) {
                throw new IOException("connection closed in the middle of a line");
            }
            return null;
        }

        private static void reply(OutputStream out, String reply) throws IOException {
            out.write((reply + "\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
        }

        @Override
        public String toString() {
            return "smarthost: " + deliveries.size() + " messages taken, " + holding.get() + " held, "
                    + connections.size() + " connections open";
        }

        @Override
        public void close() throws IOException, InterruptedException {
            released.countDown();
            listening.close();
            for (Socket connection : connections) {
                connection.close();
            }
            acceptor.join(READ_TIMEOUT);
        }
    }
}
