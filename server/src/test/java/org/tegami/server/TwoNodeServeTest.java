package org.tegami.server;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.tegami.store.postgres.PostgresTestDatabase;

/**
 * Two {@code tegami serve} processes on one PostgreSQL database, each with its own data directory (only
 * its certificate), as two nodes behind a load balancer: real IMAP and SMTP clients on each. IDLE on one
 * node is woken by an APPEND and by an SMTP delivery through the other within a second; a node killed with
 * SIGKILL during APPENDs loses nothing it acknowledged, as the other node shows.
 */
@Timeout(value = 240, unit = TimeUnit.SECONDS)
class TwoNodeServeTest {

    private static final Duration STARTUP = Duration.ofSeconds(60);
    private static final Duration READ_TIMEOUT = Duration.ofSeconds(10);
    /** The promise for a change made through another node. */
    private static final Duration CROSS_NODE_LATENCY = Duration.ofSeconds(1);
    private static final String USER = "postmaster@localhost";
    private static final Pattern APPENDUID = Pattern.compile("\\[APPENDUID (\\d+) (\\d+)]");
    private static final Pattern EXISTS = Pattern.compile("^\\* (\\d+) EXISTS");
    private static final Pattern FETCH_UID = Pattern.compile("^\\* \\d+ FETCH \\(.*\\bUID (\\d+)");

    @TempDir
    Path tmp;

    private PostgresTestDatabase database;
    private Path config;
    private final List<ServerProcess> servers = Collections.synchronizedList(new ArrayList<>());
    private ServerProcess a;
    private ServerProcess b;
    private String password;

    @BeforeEach
    void startTwoNodes() throws Exception {
        database = PostgresTestDatabase.create();
        config = tmp.resolve("tegami.toml");
        Files.writeString(config, "[store]\nbackend = \"postgres\"\nurl = \"" + database.url() + "\"\nuser = \""
                + database.user() + "\"\npassword = \"" + database.password() + "\"\npool_size = 8\n"
                + "[blobs]\nbackend = \"postgres\"\n");
        a = start("node-a");
        password = a.postmasterPassword().orElseThrow(() ->
                new AssertionError("the first node printed no postmaster password:\n" + a.output()));
        b = start("node-b");
        assertTrue(b.postmasterPassword().isEmpty(), "the second node made a first account again:\n" + b.output());
    }

    private ServerProcess start(String node) throws Exception {
        ServerProcess server = ServerProcess.start(tmp.resolve(node), Optional.of(config), STARTUP);
        servers.add(server);
        return server;
    }

    @AfterEach
    void stop() {
        servers.forEach(ServerProcess::close);
        if (database != null) {
            database.close();
        }
    }

    private RawImapClient login(ServerProcess server) throws IOException {
        RawImapClient client = RawImapClient.connect(server.imapsPort(), server.certificateFingerprint(), READ_TIMEOUT);
        RawImapClient.Completion login = client.login(USER, password);
        assertTrue(login.ok(), login::text);
        return client;
    }

    private static byte[] message(String id, int bodyBytes) {
        StringBuilder body = new StringBuilder();
        while (body.length() < bodyBytes) {
            body.append("line ").append(body.length()).append(" of ").append(id).append("\r\n");
        }
        return ("From: bob@example.net\r\nTo: " + USER + "\r\nSubject: " + id + "\r\nMessage-ID: <" + id
                + "@two-nodes.test>\r\n\r\n" + body).getBytes(StandardCharsets.UTF_8);
    }

    /** Reads untagged responses in IDLE until an EXISTS of at least {@code count}; returns when it came. */
    private static long awaitExists(RawImapClient idle, long count) throws IOException {
        while (true) {
            RawImapClient.Response r = idle.readResponse();
            Matcher m = EXISTS.matcher(r.text());
            if (m.find() && Long.parseLong(m.group(1)) >= count) {
                return System.nanoTime();
            }
        }
    }

    @Test
    void idleOnOneNodeIsWokenByAppendAndBySmtpDeliveryOnTheOther() throws Exception {
        List<Long> latenciesMicros = new ArrayList<>();
        try (RawImapClient watcher = login(a); RawImapClient writer = login(b)) {
            RawImapClient.Completion select = watcher.command("SELECT INBOX");
            assertTrue(select.ok(), select::text);
            long exists = 0;
            for (RawImapClient.Response r : select.untagged()) {
                Matcher m = EXISTS.matcher(r.text());
                if (m.find()) {
                    exists = Long.parseLong(m.group(1));
                }
            }
            for (int i = 0; i < 10; i++) {
                String tag = watcher.startIdle();
                RawImapClient.Completion appended = writer.append("INBOX", "", message("append-" + i, 500), true);
                long acknowledged = System.nanoTime();
                assertTrue(appended.ok(), appended::text);
                long woken = awaitExists(watcher, ++exists);
                latenciesMicros.add((woken - acknowledged) / 1000);
                assertTrue(watcher.endIdle(tag).ok());
            }

            String tag = watcher.startIdle();
            try (SmtpTestClient smtp = SmtpTestClient.connect(b.submissionsPort(), b.certificateFingerprint(),
                    READ_TIMEOUT)) {
                assertEquals(235, smtp.login(USER, password).code());
                assertEquals(250, smtp.command("MAIL FROM:<" + USER + ">").code());
                assertEquals(250, smtp.command("RCPT TO:<" + USER + ">").code());
                // Submission accepts only the login's own address in From: (the sender is the account).
                SmtpTestClient.SmtpReply sent = smtp.data(new String(message("smtp", 500), StandardCharsets.UTF_8)
                        .replace("From: bob@example.net", "From: " + USER));
                long acknowledged = System.nanoTime();
                assertEquals(250, sent.code(), sent.lines()::toString);
                long woken = awaitExists(watcher, ++exists);
                // Delivery to a local mailbox happens before the 250, so IDLE hears of it like an APPEND.
                latenciesMicros.add((woken - acknowledged) / 1000);
            }
            assertTrue(watcher.endIdle(tag).ok());
        }
        List<Long> sorted = latenciesMicros.stream().sorted().toList();
        System.out.printf(Locale.ROOT, "TwoNodeServeTest IDLE latency across nodes (%d changes): median %.1f ms,"
                        + " max %.1f ms%n", sorted.size(), sorted.get(sorted.size() / 2) / 1000.0,
                sorted.getLast() / 1000.0);
        for (long micros : latenciesMicros) {
            assertTrue(micros < CROSS_NODE_LATENCY.toNanos() / 1000,
                    "a change through node B reached IDLE on node A after " + micros / 1000 + " ms: " + latenciesMicros);
        }
    }

    /** One message a writer sent; {@code uid} is present once the server acknowledged it. */
    private record Attempt(byte[] content, Optional<Long> uid) {
    }

    @Test
    void aNodeKilledDuringAppendsLosesNothingItAcknowledgedAndTheOtherServesOn() throws Exception {
        Map<String, Attempt> attempts = new ConcurrentHashMap<>();
        CountDownLatch acknowledgements = new CountDownLatch(40);
        AtomicBoolean killed = new AtomicBoolean();
        List<Throwable> failures = Collections.synchronizedList(new ArrayList<>());
        List<Thread> threads = new ArrayList<>();
        for (int w = 0; w < 4; w++) {
            // Half the writers on each node: both append to the one INBOX at once.
            ServerProcess node = w % 2 == 0 ? b : a;
            int writer = w;
            threads.add(Thread.ofPlatform().name("append-writer-" + w).start(() -> {
                try (RawImapClient client = login(node)) {
                    for (int n = 0; ; n++) {
                        String id = "w" + writer + "." + n;
                        byte[] content = message(id, 200 + 37 * n % 4000);
                        attempts.put(id, new Attempt(content, Optional.empty()));
                        RawImapClient.Completion done = client.append("INBOX", "", content, n % 2 == 0);
                        if (!done.ok()) {
                            throw new AssertionError("APPEND refused: " + done.text());
                        }
                        Matcher uid = APPENDUID.matcher(done.text());
                        assertTrue(uid.find(), done.text());
                        attempts.put(id, new Attempt(content, Optional.of(Long.parseLong(uid.group(2)))));
                        acknowledgements.countDown();
                        if (node == a && killed.get()) {
                            return; // node A's writers go on after the kill, then stop
                        }
                    }
                } catch (IOException | RuntimeException | AssertionError e) {
                    if (!(node == b && killed.get())) {
                        failures.add(e);
                    }
                }
            }));
        }
        assertTrue(acknowledgements.await(60, TimeUnit.SECONDS), "too few APPENDs were acknowledged: " + failures);
        killed.set(true);
        assertEquals(ServerProcess.SIGKILL_EXIT_STATUS, b.kill(), "node B was not ended by SIGKILL");
        for (Thread t : threads) {
            t.join(Duration.ofSeconds(30));
        }
        assertTrue(failures.isEmpty(), () -> "writers failed: " + failures);

        Map<Long, byte[]> found = new HashMap<>();
        try (RawImapClient reader = login(a)) {
            assertTrue(reader.command("SELECT INBOX").ok());
            RawImapClient.Completion fetch = reader.command("UID FETCH 1:* (UID BODY.PEEK[])");
            assertTrue(fetch.ok(), fetch::text);
            for (RawImapClient.Response r : fetch.untagged()) {
                Matcher m = FETCH_UID.matcher(r.text());
                if (m.find() && !r.literals().isEmpty()) {
                    found.put(Long.parseLong(m.group(1)), r.literals().getFirst());
                }
            }
        }
        int acknowledged = 0;
        for (Map.Entry<String, Attempt> e : attempts.entrySet()) {
            if (e.getValue().uid().isEmpty()) {
                continue;
            }
            acknowledged++;
            byte[] stored = found.get(e.getValue().uid().get());
            assertNotNull(stored, "acknowledged message " + e.getKey() + " is lost");
            assertArrayEquals(e.getValue().content(), stored, "acknowledged message " + e.getKey() + " differs");
        }
        System.out.printf(Locale.ROOT, "TwoNodeServeTest SIGKILL: %d acknowledged by both nodes, all %d found"
                + " through the surviving node (%d stored)%n", acknowledged, acknowledged, found.size());
    }

    @Test
    void appendThroughputWithOneNodeAndWithTwo() throws Exception {
        int writers = 4;
        int perWriter = 40;
        double one = appendsPerSecond(List.of(a), writers, perWriter, "one");
        double two = appendsPerSecond(List.of(a, b), writers, perWriter, "two");
        System.out.printf(Locale.ROOT, "TwoNodeServeTest appends/s (%d writers, %d appends each, one database):"
                + " one node %.0f, two nodes %.0f%n", writers, perWriter, one, two);
        assertTrue(one > 0 && two > 0);
    }

    private double appendsPerSecond(List<ServerProcess> nodes, int writers, int perWriter, String run)
            throws Exception {
        List<RawImapClient> clients = new ArrayList<>();
        for (int w = 0; w < writers; w++) {
            clients.add(login(nodes.get(w % nodes.size())));
        }
        List<Throwable> failures = Collections.synchronizedList(new ArrayList<>());
        long start = System.nanoTime();
        List<Thread> threads = new ArrayList<>();
        for (int w = 0; w < writers; w++) {
            RawImapClient client = clients.get(w);
            int writer = w;
            threads.add(Thread.ofPlatform().start(() -> {
                try {
                    for (int n = 0; n < perWriter; n++) {
                        RawImapClient.Completion done = client.append("INBOX", "",
                                message(run + "-w" + writer + "." + n, 2000), true);
                        if (!done.ok()) {
                            throw new AssertionError(done.text());
                        }
                    }
                } catch (IOException | RuntimeException | AssertionError e) {
                    failures.add(e);
                }
            }));
        }
        for (Thread t : threads) {
            t.join();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        for (RawImapClient c : clients) {
            c.close();
        }
        assertTrue(failures.isEmpty(), () -> "appends failed: " + failures);
        return writers * perWriter / seconds;
    }
}
