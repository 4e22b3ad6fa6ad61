package org.tegami.server;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringReader;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tegami.blob.s3.S3TestServer;
import org.tegami.store.AccountId;
import org.tegami.store.ContentId;
import org.tegami.store.Flags;
import org.tegami.store.MailStore;
import org.tegami.store.Mailbox;
import org.tegami.store.NewMessage;
import org.tegami.store.postgres.PostgresTestDatabase;

/**
 * The account commands and {@code serve} against the PostgreSQL store named by {@code [store]}: what one
 * command writes, the next (another process in real life) reads; and clear refusals when the database is
 * unreachable or newer than this build.
 */
class PostgresStoreCommandTest {

    @TempDir
    Path tmp;

    private PostgresTestDatabase database;

    @BeforeEach
    void create() {
        database = PostgresTestDatabase.create();
    }

    @AfterEach
    void drop() {
        // Without a test database create() aborted the test before assigning one.
        if (database != null) {
            database.close();
        }
    }

    private record Result(int status, String out, String err) {
    }

    private Result run(String stdin, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        Terminal terminal = new Terminal(new PrintWriter(out), new PrintWriter(err),
                new BufferedReader(new StringReader(stdin)), Optional.empty());
        int status = Main.run(args, terminal, new ConfiguredStores(Clock.systemUTC()));
        return new Result(status, out.toString(), err.toString());
    }

    private Path config(String url, String blobs) throws IOException {
        Path file = tmp.resolve("tegami.toml");
        Files.writeString(file, "data_dir = \"" + tmp.resolve("node-data") + "\"\n"
                + "[store]\nbackend = \"postgres\"\nurl = \"" + url + "\"\nuser = \"" + database.user() + "\"\n"
                + "password = \"" + database.password() + "\"\npool_size = 2\n" + blobs);
        return file;
    }

    @Test
    void accountDomainAndAliasCommandsWorkOnTheConfiguredDatabase() throws IOException {
        String file = config(database.url(), "[blobs]\nbackend = \"postgres\"\n").toString();
        assertEquals(0, run("", "domain", "add", "example.org", "--config", file).status());
        Result added = run("correct horse battery staple\n", "user", "add", "alice@example.org", "--password-stdin",
                "--config", file);
        assertEquals(0, added.status(), added.err());
        assertEquals(0, run("", "alias", "add", "info@example.org", "alice@example.org", "--config", file).status());
        Result users = run("", "user", "list", "--config", file);
        assertEquals(0, users.status(), users.err());
        assertEquals(List.of("alice@example.org"), users.out().lines().toList());
        Result domains = run("", "domain", "list", "--config", file);
        assertEquals(List.of("example.org"), domains.out().lines().toList());
        assertFalse(Files.exists(tmp.resolve("node-data").resolve("tegami.db")), "nothing went to SQLite");
    }

    @Test
    void anUnreachableDatabaseStopsTheCommandWithAClearMessage() throws IOException {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        String url = "jdbc:postgresql://127.0.0.1:" + port + "/tegami?connectTimeout=2";
        Result serve = run("", "serve", "--config", config(url, "").toString(), "--port-offset", "20000");
        assertEquals(1, serve.status());
        assertTrue(serve.err().contains("tegami: cannot use the PostgreSQL store at " + url), serve.err());
        Result list = run("", "user", "list", "--config", config(url, "").toString());
        assertEquals(1, list.status());
        assertTrue(list.err().contains("cannot connect to PostgreSQL"), list.err());
    }

    @Test
    void aDatabaseWrittenByANewerTegamiIsRefused() throws IOException {
        String file = config(database.url(), "").toString();
        assertEquals(0, run("", "domain", "add", "example.org", "--config", file).status());
        database.execute("UPDATE tegami_schema SET version = version + 1");
        Result serve = run("", "serve", "--config", file, "--port-offset", "20000");
        assertEquals(1, serve.status());
        assertTrue(serve.err().contains("was set up by a newer Tegami"), serve.err());
    }

    @Test
    void anUnreachableObjectStorageStopsTheCommandWithAClearMessage() throws IOException {
        String file = config(database.url(), "[blobs]\nbackend = \"s3\"\nendpoint = \"http://127.0.0.1:9\"\n"
                + "bucket = \"b\"\naccess_key = \"a\"\nsecret_key = \"do-not-print-me\"\n").toString();
        Result list = run("", "user", "list", "--config", file);
        assertEquals(1, list.status());
        assertTrue(list.err().contains("cannot use the bucket b at http://127.0.0.1:9"), list.err());
        assertFalse(list.err().contains("do-not-print-me"), "no secret in the message: " + list.err());
    }

    @Test
    void messageBytesGoToTheConfiguredBucketAndComeBack() throws Exception {
        try (S3TestServer s3 = S3TestServer.start(tmp.resolve("s3"))) {
            String bucket = s3.createBucket("mail");
            Path file = config(database.url(), "[blobs]\nbackend = \"s3\"\nendpoint = \"" + s3.endpoint() + "\"\n"
                    + "bucket = \"" + bucket + "\"\naccess_key = \"" + S3TestServer.ACCESS_KEY + "\"\n"
                    + "secret_key = \"" + S3TestServer.SECRET_KEY + "\"\n");
            assertEquals(0, run("", "domain", "add", "example.org", "--config", file.toString()).status());
            Result added = run("correct horse battery staple\n", "user", "add", "alice@example.org",
                    "--password-stdin", "--config", file.toString());
            assertEquals(0, added.status(), added.err());

            byte[] message = "Subject: to the bucket\r\n\r\nbody\r\n".getBytes(StandardCharsets.UTF_8);
            TegamiConfig config = new ConfigLoader().load(Optional.of(file), ConfigLoader.Overrides.NONE);
            try (MailStore store = new ConfiguredStores(Clock.systemUTC()).open(config)) {
                AccountId alice = store.accounts().findAccount("alice@example.org").orElseThrow().id();
                Mailbox inbox = store.mailboxes().findMailbox(alice, Mailbox.INBOX).orElseThrow();
                store.messages().append(inbox.id(), List.of(new NewMessage(message, Flags.of(), Instant.now())));
            }
            ContentId content = ContentId.of(message);
            try (Stream<Path> objects = Files.walk(s3.bucketDirectory(bucket))) {
                assertTrue(objects.anyMatch(path -> path.getFileName().toString().equals(content.sha256())),
                        "the message is an object in the bucket, named by its SHA-256");
            }
            try (MailStore reopened = new ConfiguredStores(Clock.systemUTC()).open(new ConfigLoader().load(Optional.of(file), ConfigLoader.Overrides.NONE))) {
                assertArrayEquals(message, reopened.blobs().read(content));
            }
        }
    }
}
