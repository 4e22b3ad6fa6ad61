package org.tegami.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringReader;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tegami.store.sqlite.SqliteMailStore;

/**
 * SMTP through the real {@link ServerRunner}: submission over implicit TLS to a local account, whose
 * IMAP session in IDLE hears of it at once; submission to another domain, which waits in the queue;
 * and a refused remote recipient, whose bounce comes back to the sender's INBOX.
 */
class SmtpEndToEndTest {

    private static final Duration READ_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration EVENTUALLY = Duration.ofSeconds(20);
    private static final Pattern FINGERPRINT = Pattern.compile("Certificate SHA-256 fingerprint: (\\S+)");
    private static final String ALICE = "alice@mail.test";
    private static final String BOB = "bob@mail.test";
    private static final String PASSWORD = "correct horse battery";

    @TempDir
    Path dataDir;

    private final StringWriter output = new StringWriter();

    private RunningServer start(TegamiConfig.Outbound outbound) {
        for (String user : List.of(ALICE, BOB)) {
            CliResult added = cli(PASSWORD + "\n", "user", "add", user, "--password-stdin");
            assertEquals(0, added.status(), added.err());
        }
        TegamiConfig config = TestConfigs.loopback(dataDir, TestConfigs.EPHEMERAL, TestConfigs.EPHEMERAL,
                TestConfigs.smtp(outbound));
        return new ServerRunner(config, "mail.test", SqliteMailStore::open,
                new TlsContextFactory(TlsContextFactory.preferredProvider()), new PrintWriter(output, true)).start();
    }

    private record CliResult(int status, String out, String err) {
    }

    private CliResult cli(String stdin, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        String[] withData = Stream.concat(Arrays.stream(args), Stream.of("--data", dataDir.toString())).toArray(String[]::new);
        int status = Main.run(withData, new Terminal(new PrintWriter(out), new PrintWriter(err),
                new BufferedReader(new StringReader(stdin)), Optional.empty()), SqliteMailStore::open);
        return new CliResult(status, out.toString(), err.toString());
    }

    /** The fingerprint as printed: the test trusts that, not the certificate object. */
    private String printedFingerprint() {
        Matcher m = FINGERPRINT.matcher(output.toString());
        assertTrue(m.find(), output::toString);
        return m.group(1);
    }

    private static String message(String from, String to, String subject) {
        // No Date or Message-ID: the submission server adds them.
        return "From: <" + from + ">\r\nTo: <" + to + ">\r\nSubject: " + subject + "\r\n\r\nHello.\r\n.leading dot";
    }

    private SmtpTestClient.SmtpReply submit(RunningServer server, String to, String subject) throws IOException {
        try (SmtpTestClient smtp = SmtpTestClient.connect(server.addresses().submissions().orElseThrow().getPort(),
                printedFingerprint(), READ_TIMEOUT)) {
            assertEquals(235, smtp.login(ALICE, PASSWORD).code());
            assertEquals(250, smtp.command("MAIL FROM:<" + ALICE + ">").code());
            assertEquals(250, smtp.command("RCPT TO:<" + to + ">").code());
            SmtpTestClient.SmtpReply reply = smtp.data(message(ALICE, to, subject));
            smtp.command("QUIT");
            return reply;
        }
    }

    /** Probes until {@code done} or the deadline; each probe opens the store, which paces the loop. */
    private static <T> T eventually(Supplier<T> probe, Predicate<T> done, String what) {
        Instant deadline = Instant.now().plus(EVENTUALLY);
        T value = probe.get();
        while (!done.test(value)) {
            if (Instant.now().isAfter(deadline)) {
                fail(what + " did not happen within " + EVENTUALLY + "; last seen: " + value);
            }
            value = probe.get();
        }
        return value;
    }

    /** Reads responses of a session in IDLE until {@code * 1 EXISTS}, failing at the deadline. */
    private static void awaitFirstExists(RawImapClient client, Duration within, String what) throws IOException {
        Instant deadline = Instant.now().plus(within);
        while (true) {
            Duration left = Duration.between(Instant.now(), deadline);
            if (left.isNegative() || left.isZero()) {
                fail("no * 1 EXISTS within " + within + " of " + what);
            }
            client.readTimeout(left);
            try {
                if (client.readResponse().text().equals("* 1 EXISTS")) {
                    client.readTimeout(READ_TIMEOUT);
                    return;
                }
            } catch (SocketTimeoutException e) {
                fail("no * 1 EXISTS within " + within + " of " + what);
            }
        }
    }

    @Test
    void aSubmittedMessageReachesAnIdleImapSessionWithinOneSecond() throws Exception {
        try (RunningServer server = start(TegamiConfig.Outbound.DEFAULT);
             RawImapClient bob = RawImapClient.connect(server.imapsAddress().orElseThrow().getPort(),
                     printedFingerprint(), READ_TIMEOUT)) {
            assertTrue(bob.login(BOB, PASSWORD).ok());
            assertTrue(bob.command("SELECT INBOX").ok());
            String idle = bob.startIdle();

            SmtpTestClient.SmtpReply accepted = submit(server, BOB, "over SMTP");
            Instant repliedAt = Instant.now();

            assertEquals(250, accepted.code(), accepted.text());
            awaitFirstExists(bob, Duration.ofSeconds(1).minus(Duration.between(repliedAt, Instant.now())),
                    "the 250 reply");
            assertTrue(bob.endIdle(idle).ok());

            RawImapClient.Completion fetch = bob.command("FETCH 1 BODY.PEEK[]");
            assertTrue(fetch.ok(), fetch.text());
            String stored = new String(fetch.untagged().stream().filter(r -> !r.literals().isEmpty()).findFirst()
                    .orElseThrow().literals().getFirst(), StandardCharsets.UTF_8);
            assertTrue(stored.startsWith("Return-Path: <" + ALICE + ">\r\nReceived: from client.test "), stored);
            assertTrue(stored.contains("by mail.test (Tegami) with ESMTPSA"), stored);
            assertTrue(stored.contains("\r\nMessage-ID: <"), stored);
            assertTrue(stored.contains("\r\nDate: "), stored);
            assertTrue(stored.endsWith("\r\n\r\nHello.\r\n.leading dot\r\n"), stored);
        }
    }

    @Test
    void aMessageForAnotherDomainWaitsInTheQueue() throws Exception {
        int closedPort;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = probe.getLocalPort(); // closed again below: connections there are refused
        }
        TegamiConfig.Outbound outbound = withRelay(new TegamiConfig.Relay("127.0.0.1", closedPort,
                TegamiConfig.RelayTls.STARTTLS_OPTIONAL, Optional.empty(), Optional.empty()));
        try (RunningServer server = start(outbound)) {
            SmtpTestClient.SmtpReply accepted = submit(server, "carol@remote.example", "far away");
            assertEquals(250, accepted.code(), accepted.text());
            Matcher id = Pattern.compile("accepted as (Q\\d+)").matcher(accepted.text());
            assertTrue(id.find(), accepted.text());

            // The delivery loop was woken, tried the (unreachable) smarthost, and keeps the message.
            String listed = eventually(() -> cli("", "queue", "list").out(),
                    text -> text.contains("1 attempt"), "a first delivery attempt");
            List<String> lines = listed.lines().toList();
            assertTrue(lines.getFirst().startsWith(id.group(1) + "  from <" + ALICE + ">  "), listed);
            assertTrue(lines.get(1).startsWith("    carol@remote.example  pending  1 attempt  last: "), listed);
        }
    }

    @Test
    void aRefusedRemoteRecipientBouncesToTheSendersInbox() throws Exception {
        try (FakeSmarthost smarthost = new FakeSmarthost()) {
            TegamiConfig.Outbound outbound = withRelay(new TegamiConfig.Relay("127.0.0.1", smarthost.port(),
                    TegamiConfig.RelayTls.STARTTLS_OPTIONAL, Optional.empty(), Optional.empty()));
            try (RunningServer server = start(outbound);
                 RawImapClient alice = RawImapClient.connect(server.imapsAddress().orElseThrow().getPort(),
                         printedFingerprint(), READ_TIMEOUT)) {
                assertTrue(alice.login(ALICE, PASSWORD).ok());
                assertTrue(alice.command("SELECT INBOX").ok());
                String idle = alice.startIdle();
                assertEquals(250, submit(server, "nobody@remote.example", "will bounce").code());
                awaitFirstExists(alice, EVENTUALLY, "submitting a message the smarthost refuses");
                assertTrue(alice.endIdle(idle).ok());
                RawImapClient.Completion fetch = alice.command("FETCH 1 BODY.PEEK[]");
                assertTrue(fetch.ok(), fetch.text());
                String bounce = new String(fetch.untagged().stream().filter(r -> !r.literals().isEmpty())
                        .findFirst().orElseThrow().literals().getFirst(), StandardCharsets.UTF_8);
                assertTrue(bounce.startsWith("Return-Path: <>\r\n"), bounce);
                assertTrue(bounce.contains("From: Mail Delivery System <MAILER-DAEMON@mail.test>"), bounce);
                assertTrue(bounce.contains("multipart/report"), bounce);
                assertTrue(bounce.contains("nobody@remote.example"), bounce);
                // The attempt is recorded just after the bounce went out; then the failed message is gone.
                eventually(() -> cli("", "queue", "list").out(), text -> text.equals("the queue is empty\n"),
                        "the failed message leaving the queue");
            }
        }
    }

    private static TegamiConfig.Outbound withRelay(TegamiConfig.Relay relay) {
        TegamiConfig.Outbound d = TegamiConfig.Outbound.DEFAULT;
        return new TegamiConfig.Outbound(d.resolver(), d.mxPort(), Duration.ofSeconds(5), Duration.ofSeconds(10),
                Duration.ofSeconds(10), d.dnsTimeout(), d.retryInitialDelay(), d.retryFactor(), d.retryMaxDelay(),
                d.maxQueueTime(), d.batchEntries(), d.lease(), d.maxReturnedMessageBytes(), d.trustedCertificates(),
                Optional.of(relay));
    }

    /** A smarthost that refuses every recipient for good (550), without TLS. */
    private static final class FakeSmarthost implements AutoCloseable {
        private final ServerSocket listening;
        private final Thread acceptor;

        FakeSmarthost() throws IOException {
            listening = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
            acceptor = Thread.ofVirtual().name("fake-smarthost").start(() -> {
                while (!listening.isClosed()) {
                    try {
                        Socket connection = listening.accept();
                        Thread.ofVirtual().start(() -> converse(connection));
                    } catch (IOException e) {
                        return; // closed
                    }
                }
            });
        }

        int port() {
            return listening.getLocalPort();
        }

        private static void converse(Socket connection) {
            try (connection) {
                connection.setSoTimeout((int) READ_TIMEOUT.toMillis());
                BufferedReader in = new BufferedReader(new InputStreamReader(connection.getInputStream(),
                        StandardCharsets.US_ASCII));
                OutputStream out = connection.getOutputStream();
                out.write("220 fake.test ESMTP\r\n".getBytes(StandardCharsets.US_ASCII));
                String line;
                while ((line = in.readLine()) != null) {
                    String verb = line.length() >= 4 ? line.substring(0, 4).toUpperCase(Locale.ROOT) : line;
                    String reply = switch (verb) {
                        case "EHLO" -> "250-fake.test\r\n250 ENHANCEDSTATUSCODES";
                        case "RCPT" -> "550 5.1.1 No such user";
                        case "DATA" -> "554 5.5.1 No valid recipients";
                        case "QUIT" -> "221 2.0.0 Bye";
                        default -> "250 2.0.0 OK";
                    };
                    out.write((reply + "\r\n").getBytes(StandardCharsets.US_ASCII));
                    out.flush();
                    if (verb.equals("QUIT")) {
                        return;
                    }
                }
            } catch (IOException e) {
                // the server hung up; nothing to do
            }
        }

        @Override
        public void close() throws IOException, InterruptedException {
            listening.close();
            acceptor.join(READ_TIMEOUT);
        }
    }
}
