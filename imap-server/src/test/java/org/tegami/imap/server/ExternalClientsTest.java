package org.tegami.imap.server;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Python's imaplib, curl and mbsync (isync) against a real server, verifying its certificate; mbsync also
 * with SCRAM-SHA-256 through Cyrus SASL.
 */
class ExternalClientsTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(120);

    @TempDir
    Path work;

    private TestImapServer server;

    @BeforeEach
    void start() {
        server = new TestImapServer();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void pythonImaplibOverTlsAndStarttls() throws Exception {
        ExternalClients.require("python3");
        Path script = work.resolve("imaplib_client.py");
        try (InputStream in = getClass().getResourceAsStream("/clients/imaplib_client.py")) {
            Files.copy(in, script);
        }
        ExternalClients.Result result = ExternalClients.run(List.of("python3", script.toString(), "127.0.0.1",
                Integer.toString(server.implicitTlsAddress().getPort()),
                Integer.toString(server.startTlsAddress().getPort()), TestImapServer.USER, TestImapServer.PASSWORD,
                server.certificateFile().toString()), work, TIMEOUT);
        assertEquals(0, result.exitCode(), result.both());
        assertTrue(result.stdout().contains("imaplib OK"), result.both());
    }

    @Test
    void pythonImaplibSendsCondstoreAndQresyncCommands() throws Exception {
        ExternalClients.require("python3");
        Path script = work.resolve("imaplib_qresync.py");
        try (InputStream in = getClass().getResourceAsStream("/clients/imaplib_qresync.py")) {
            Files.copy(in, script);
        }
        ExternalClients.Result result = ExternalClients.run(List.of("python3", script.toString(), "127.0.0.1",
                Integer.toString(server.implicitTlsAddress().getPort()), TestImapServer.USER, TestImapServer.PASSWORD,
                server.certificateFile().toString()), work, TIMEOUT);
        assertEquals(0, result.exitCode(), result.both());
        assertTrue(result.stdout().contains("imaplib qresync OK"), result.both());
    }

    @Test
    void pythonImaplibSendsMetadataCommands() throws Exception {
        ExternalClients.require("python3");
        Path script = work.resolve("imaplib_metadata.py");
        try (InputStream in = getClass().getResourceAsStream("/clients/imaplib_metadata.py")) {
            Files.copy(in, script);
        }
        ExternalClients.Result result = ExternalClients.run(List.of("python3", script.toString(), "127.0.0.1",
                Integer.toString(server.implicitTlsAddress().getPort()), TestImapServer.USER, TestImapServer.PASSWORD,
                server.certificateFile().toString()), work, TIMEOUT);
        assertEquals(0, result.exitCode(), result.both());
        assertTrue(result.stdout().contains("imaplib metadata OK"), result.both());
    }

    @Test
    void curlListsFetchesAndSendsCustomCommands() throws Exception {
        ExternalClients.require("curl");
        byte[] message = ("From: Erin <erin@example.net>\r\nTo: alice@example.org\r\nSubject: via curl\r\n\r\n"
                + "Fetched by curl.\r\n").getBytes(StandardCharsets.US_ASCII);
        try (ImapTestClient client = ImapTestClient.tls(server.implicitTlsAddress())) {
            client.readLine();
            client.command("a", "LOGIN " + TestImapServer.USER + " \"" + TestImapServer.PASSWORD + "\"");
            client.sendRaw(("b APPEND INBOX {" + message.length + "+}\r\n").getBytes(StandardCharsets.US_ASCII));
            client.sendRaw(message);
            client.send("");
            assertTrue(client.readUntilTagged("b").getLast().startsWith("b OK"));
        }
        String base = "imaps://localhost:" + server.implicitTlsAddress().getPort();
        List<String> common = List.of("curl", "--silent", "--show-error", "--cacert", server.certificateFile().toString(),
                "--connect-to", "localhost:" + server.implicitTlsAddress().getPort() + ":127.0.0.1:"
                        + server.implicitTlsAddress().getPort(),
                "--user", TestImapServer.USER + ":" + TestImapServer.PASSWORD);

        ExternalClients.Result list = ExternalClients.run(concat(common, base + "/"), work, TIMEOUT);
        assertEquals(0, list.exitCode(), list.both());
        assertTrue(list.stdout().contains("INBOX") && list.stdout().contains("\\Sent"), list.both());

        Path fetched = work.resolve("fetched.eml");
        ExternalClients.Result fetch = ExternalClients.run(concat(common, "--output", fetched.toString(),
                base + "/INBOX;UID=1"), work, TIMEOUT);
        assertEquals(0, fetch.exitCode(), fetch.both());
        assertArrayEquals(message, Files.readAllBytes(fetched));

        ExternalClients.Result custom = ExternalClients.run(concat(common, "--request", "EXAMINE INBOX",
                base + "/"), work, TIMEOUT);
        assertEquals(0, custom.exitCode(), custom.both());
        assertTrue(custom.stdout().contains("1 EXISTS") && custom.stdout().contains("UIDVALIDITY"), custom.both());

        ExternalClients.Result search = ExternalClients.run(concat(common, "--request", "SEARCH SUBJECT curl",
                base + "/INBOX"), work, TIMEOUT);
        assertEquals(0, search.exitCode(), search.both());
        assertTrue(search.stdout().contains("SEARCH 1"), search.both());

        String plain = "imap://localhost:" + server.startTlsAddress().getPort();
        ExternalClients.Result starttls = ExternalClients.run(List.of("curl", "--silent", "--show-error", "--ssl-reqd",
                "--cacert", server.certificateFile().toString(),
                "--connect-to", "localhost:" + server.startTlsAddress().getPort() + ":127.0.0.1:"
                        + server.startTlsAddress().getPort(),
                "--user", TestImapServer.USER + ":" + TestImapServer.PASSWORD, plain + "/"), work, TIMEOUT);
        assertEquals(0, starttls.exitCode(), starttls.both());
        assertTrue(starttls.stdout().contains("INBOX"), starttls.both());
    }

    @Test
    void mbsyncPushesAMaildirUpAndPullsItBackIdentical() throws Exception {
        ExternalClients.require("mbsync");
        Path source = work.resolve("source");
        Path copy = work.resolve("copy");
        Map<String, byte[]> originals = new TreeMap<>();
        for (String sub : List.of("cur", "new", "tmp")) {
            Files.createDirectories(source.resolve("INBOX").resolve(sub));
            Files.createDirectories(copy.resolve("INBOX").resolve(sub));
        }
        for (int i = 1; i <= 200; i++) {
            String id = "<sync-" + i + "@example.net>";
            StringBuilder body = new StringBuilder();
            for (int line = 0; line < 1 + (i % 40); line++) {
                body.append("Line ").append(line).append(" of message ").append(i).append(" \u00e9t\u00e9\n");
            }
            // A Maildir holds messages with Unix line ends; mbsync turns them into CRLF on the wire and back.
            byte[] bytes = ("From: Sync Test <sync@example.net>\nTo: alice@example.org\nSubject: message " + i
                    + "\nMessage-ID: " + id + "\nDate: Mon, 2 Mar 2026 10:00:00 +0000\nMIME-Version: 1.0\n"
                    + "Content-Type: text/plain; charset=utf-8\nContent-Transfer-Encoding: 8bit\n\n" + body)
                    .getBytes(StandardCharsets.UTF_8);
            originals.put(id, bytes);
            Files.write(source.resolve("INBOX/cur/" + (1_700_000_000L + i) + ".m" + i + ".test:2,S"), bytes);
        }
        Path config = work.resolve("mbsyncrc");
        Files.writeString(config, """
                IMAPAccount tegami
                Host localhost
                Port %d
                User %s
                Pass "%s"
                SSLType IMAPS
                CertificateFile %s

                IMAPStore remote
                Account tegami

                MaildirStore up
                Path %s/
                Inbox %s/INBOX

                MaildirStore down
                Path %s/
                Inbox %s/INBOX

                Channel push
                Far :remote:
                Near :up:
                Patterns INBOX
                SyncState *

                Channel pull
                Far :remote:
                Near :down:
                Patterns INBOX
                SyncState *
                """.formatted(server.implicitTlsAddress().getPort(), TestImapServer.USER, TestImapServer.PASSWORD,
                server.certificateFile(), source, source, copy, copy));
        ExternalClients.Result push = ExternalClients.run(List.of("mbsync", "-c", config.toString(), "push"), work,
                TIMEOUT);
        assertEquals(0, push.exitCode(), push.both());
        ExternalClients.Result pull = ExternalClients.run(List.of("mbsync", "-c", config.toString(), "pull"), work,
                TIMEOUT);
        assertEquals(0, pull.exitCode(), pull.both());

        Map<String, byte[]> pulled = new TreeMap<>();
        try (Stream<Path> files = Stream.concat(Files.list(copy.resolve("INBOX/cur")), Files.list(copy.resolve("INBOX/new")))) {
            for (Path file : files.toList()) {
                // mbsync inserts its own X-TUID header into every message it uploads (to find it again);
                // everything else must come back exactly as it went up.
                String text = new String(Files.readAllBytes(file), StandardCharsets.UTF_8)
                        .replaceFirst("(?m)^X-TUID: [^\n]*\n", "");
                byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
                pulled.put(messageId(bytes), bytes);
            }
        }
        assertEquals(originals.keySet(), pulled.keySet());
        List<String> different = new ArrayList<>();
        for (Map.Entry<String, byte[]> e : originals.entrySet()) {
            if (!java.util.Arrays.equals(e.getValue(), pulled.get(e.getKey()))) {
                different.add(e.getKey());
            }
        }
        assertTrue(different.isEmpty(), () -> "messages changed by the round trip: " + different.size() + ", e.g.\n"
                + new String(originals.get(different.getFirst()), StandardCharsets.UTF_8) + "\n---- became\n"
                + new String(pulled.get(different.getFirst()), StandardCharsets.UTF_8));
    }

    @Test
    void mbsyncLogsInWithScramSha256ThroughCyrusSasl() throws Exception {
        ExternalClients.require("mbsync");
        Assumptions.assumeTrue(cyrusScramModulePresent(),
                "the Cyrus SASL SCRAM module (libscram.so, Debian package libsasl2-modules) is not installed");
        Path maildir = work.resolve("scram");
        for (String sub : List.of("cur", "new", "tmp")) {
            Files.createDirectories(maildir.resolve("INBOX").resolve(sub));
        }
        String config = """
                IMAPAccount tegami
                Host localhost
                Port %d
                User %s
                Pass "%s"
                SSLType IMAPS
                CertificateFile %s
                AuthMechs SCRAM-SHA-256

                IMAPStore remote
                Account tegami

                MaildirStore local
                Path %s/
                Inbox %s/INBOX

                Channel pull
                Far :remote:
                Near :local:
                Patterns INBOX
                SyncState *
                """;
        Path good = work.resolve("mbsyncrc-scram");
        Files.writeString(good, config.formatted(server.implicitTlsAddress().getPort(), TestImapServer.USER,
                TestImapServer.PASSWORD, server.certificateFile(), maildir, maildir));
        ExternalClients.Result pull = ExternalClients.run(List.of("mbsync", "-c", good.toString(), "pull"), work,
                TIMEOUT);
        assertEquals(0, pull.exitCode(), pull.both());

        Path bad = work.resolve("mbsyncrc-scram-wrong");
        Files.writeString(bad, config.formatted(server.implicitTlsAddress().getPort(), TestImapServer.USER,
                "not the password", server.certificateFile(), maildir, maildir));
        ExternalClients.Result refused = ExternalClients.run(List.of("mbsync", "-c", bad.toString(), "pull"), work,
                TIMEOUT);
        assertNotEquals(0, refused.exitCode(), refused.both());
        assertTrue(refused.both().contains("AUTHENTICATIONFAILED"), refused.both());
    }

    /** Debian installs Cyrus SASL modules under /usr/lib/<multiarch>/sasl2. */
    private static boolean cyrusScramModulePresent() throws IOException {
        for (Path lib : List.of(Path.of("/usr/lib"), Path.of("/usr/lib64"))) {
            if (!Files.isDirectory(lib)) {
                continue;
            }
            try (Stream<Path> dirs = Files.list(lib)) {
                for (Path dir : dirs.toList()) {
                    Path sasl = dir.getFileName().toString().equals("sasl2") ? dir : dir.resolve("sasl2");
                    if (Files.exists(sasl.resolve("libscram.so")) || Files.exists(sasl.resolve("libscram.so.2"))) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    private static String messageId(byte[] message) {
        for (String line : new String(message, StandardCharsets.UTF_8).split("\r?\n")) {
            if (line.startsWith("Message-ID: ")) {
                return line.substring(12);
            }
        }
        return "(none)";
    }

    private static List<String> concat(List<String> head, String... tail) {
        List<String> all = new ArrayList<>(head);
        all.addAll(List.of(tail));
        return all;
    }
}
