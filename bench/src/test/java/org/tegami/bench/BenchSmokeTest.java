package org.tegami.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * Every workload once, in a tiny configuration, against a real Tegami started in a JVM of its own
 * with the benchmark's configuration file and accounts imported the way run.sh imports them; so the
 * load generator, the configuration and the account files cannot rot. No Dovecot here: the
 * comparison itself is run by hand.
 */
class BenchSmokeTest {

    private static final Pattern IMAPS = Pattern.compile("IMAPS listening on \\S+:(\\d+)");
    private static final Pattern SUBMISSIONS = Pattern.compile("SMTP submission \\(SSL/TLS\\) listening on \\S+:(\\d+)");
    /** One message of the big mailbox contains the needle: message 500 of 0 … 1000. */
    private static final int BIG = MessageGenerator.NEEDLE_EVERY + 1;
    private static final Profile TINY = new Profile(1, List.of(2), 2, 2, 2, 4, 2, BIG, 5, 2, 1);

    @TempDir
    static Path dir;
    private static Process server;
    private static Target target;
    private static ClientTransport transport;
    private static final MessageGenerator GENERATOR = new MessageGenerator(Bench.SEED);

    @BeforeAll
    static void startServer() throws Exception {
        Path passwd = dir.resolve("passwd");
        Path csv = dir.resolve("users.csv");
        // The same command run.sh uses; --quick has more accounts than the tiny profile needs.
        assertEquals(0, new CommandLine(new Bench()).execute("accounts", "--quick",
                "--passwd", passwd.toString(), "--csv", csv.toString()));
        Path config = Path.of("tegami.toml").toAbsolutePath();
        Path data = dir.resolve("data");
        Process importer = java("user", "import", csv.toString(), "--data", data.toString(),
                "--config", config.toString()).start();
        importer.getOutputStream().close();
        String out = new String(importer.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(importer.waitFor(120, TimeUnit.SECONDS));
        assertEquals(0, importer.exitValue(), out);
        for (int attempt = 0; attempt < 5 && server == null; attempt++) {
            int offset = ThreadLocalRandom.current().nextInt(20_000, 30_000);
            Process p = java("serve", "--data", data.toString(), "--config", config.toString(),
                    "--port-offset", Integer.toString(offset)).redirectErrorStream(true).start();
            p.getOutputStream().close();
            int[] ports = listening(p, Duration.ofSeconds(120));
            if (ports == null) {
                p.destroyForcibly().waitFor();
                continue; // a port was taken: try another offset
            }
            server = p;
            target = new Target("tegami", new java.net.InetSocketAddress("127.0.0.1", ports[0]),
                    new java.net.InetSocketAddress("127.0.0.1", ports[1]), "bench.test", "bench-password",
                    OptionalLong.of(p.pid()));
        }
        assertTrue(server != null, "the server did not start");
        transport = new ClientTransport(1, Duration.ofSeconds(60));
        TINY.filler(GENERATOR).fill(target, transport, true);
    }

    @AfterAll
    static void stopServer() throws InterruptedException {
        if (transport != null) {
            transport.close();
        }
        if (server != null) {
            server.destroy();
            if (!server.waitFor(30, TimeUnit.SECONDS)) {
                server.destroyForcibly().waitFor();
            }
        }
    }

    private static ProcessBuilder java(String... args) {
        List<String> command = new ArrayList<>(List.of(
                ProcessHandle.current().info().command().orElseThrow(),
                "-cp", System.getProperty("java.class.path"), "--enable-native-access=ALL-UNNAMED",
                "-Xmx512m", "org.tegami.server.Main"));
        command.addAll(List.of(args));
        return new ProcessBuilder(command);
    }

    /** The IMAPS and submission ports once both listen, or null when the server ended first. */
    private static int[] listening(Process p, Duration timeout) throws InterruptedException {
        BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        Thread.ofPlatform().daemon().start(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    lines.add(line);
                }
            } catch (IOException e) {
                // the process ended
            } finally {
                lines.add("\0");
            }
        });
        long deadline = System.nanoTime() + timeout.toNanos();
        int imaps = -1;
        StringBuilder log = new StringBuilder();
        while (System.nanoTime() < deadline) {
            String line = lines.poll(100, TimeUnit.MILLISECONDS);
            if (line == null) {
                continue;
            }
            if (line.equals("\0")) {
                return null;
            }
            log.append(line).append('\n');
            Matcher m;
            if ((m = IMAPS.matcher(line)).find()) {
                imaps = Integer.parseInt(m.group(1));
            } else if ((m = SUBMISSIONS.matcher(line)).find()) {
                return new int[] {imaps, Integer.parseInt(m.group(1))};
            }
        }
        throw new AssertionError("the server did not listen within " + timeout + ":\n" + log);
    }

    private static Figures run(String workload) throws InterruptedException {
        List<Workload> workloads = TINY.workloads(List.of(workload), GENERATOR);
        assertEquals(1, workloads.size());
        return workloads.getFirst().run(target, transport);
    }

    @Test
    void sessionsRunEveryCommandOfTheMix() throws Exception {
        Map<String, Double> f = run("sessions").values();
        for (String command : List.of("CONNECT+TLS", "LOGIN", "SELECT", "FETCH envelopes", "FETCH body", "STORE",
                "APPEND", "EXPUNGE", "LOGOUT")) {
            assertTrue(f.get(command + " ops/s") > 0, command + " in " + f);
            assertTrue(f.get(command + " p99 ms") >= f.get(command + " p50 ms"), command + " in " + f);
        }
        assertTrue(f.get("sessions/s") > 0, f.toString());
    }

    @Test
    void steadyKeepsTheMailboxSize() throws Exception {
        Map<String, Double> f = run("steady").values();
        assertTrue(f.get("total ops/s") > 0, f.toString());
        try (ImapConnection c = ImapConnection.open(transport, target.imaps(), null, false)) {
            c.command(target.login(target.user(1))).expectOk("LOGIN");
            // APPEND's \Deleted message is expunged again in every iteration.
            assertEquals(TINY.perClient(), c.command("EXAMINE INBOX").expectOk("EXAMINE").exists());
        }
    }

    @Test
    void idleScaleTellsEverySessionFromSeveralSourceAddresses() throws Exception {
        Figures figures = run("idle-scale");
        Map<String, Double> f = figures.values();
        assertEquals(TINY.idleSessions(), f.get("notified"), figures.notes().toString());
        assertTrue(f.get("notify all ms") > 0, f.toString());
        assertTrue(f.get("server RSS MiB") > 0, f.toString());
        assertTrue(f.get("server heap MiB") > 0, f.toString());
    }

    @Test
    void appendDurableCountsAcknowledgedMessages() throws Exception {
        Map<String, Double> f = run("append-durable").values();
        assertTrue(f.get("messages/s") > 0 && f.get("MiB/s") > 0, f.toString());
    }

    @Test
    void bigMailboxFindsTheOneNeedle() throws Exception {
        Figures figures = run("big-mailbox");
        Map<String, Double> f = figures.values();
        assertEquals(BIG, f.get("messages"));
        assertEquals(1, f.get("SEARCH TEXT matches"));
        for (String op : List.of("SELECT ms", "FETCH 1:* (UID FLAGS) ms", "UID SEARCH UNSEEN ms", "SEARCH TEXT ms")) {
            assertTrue(f.get(op) > 0, op + " in " + f);
        }
    }

    @Test
    void tlsHandshakesFullAndResumed() throws Exception {
        Map<String, Double> f = run("tls-handshakes").values();
        assertTrue(f.get("full handshakes/s") > 0, f.toString());
        assertEquals(0, f.get("full resumed fraction"), f.toString());
        assertTrue(f.get("resumed handshakes/s") > 0, f.toString());
    }

    @Test
    void submissionDeliversEveryAcceptedMessage() throws Exception {
        Figures figures = run("submission");
        Map<String, Double> f = figures.values();
        assertTrue(f.get("accepted messages/s") > 0, f.toString());
        assertTrue(f.containsKey("delivered messages/s"), figures.notes().toString());
    }
}
