package org.tegami.store.sqlite;

import org.tegami.blob.files.FileBlobStore;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tegami.store.AccountId;
import org.tegami.store.Uid;
import org.tegami.store.ModSeq;
import org.tegami.store.Appended;
import org.tegami.store.ContentId;
import org.tegami.store.FlagUpdate;
import org.tegami.store.Flags;
import org.tegami.store.MailStore;
import org.tegami.store.Mailbox;
import org.tegami.store.MailboxId;
import org.tegami.store.NewQueueEntry;
import org.tegami.store.QueueEntry;
import org.tegami.store.QueueId;
import org.tegami.store.ScramHash;
import org.tegami.store.ScramKeys;
import org.tegami.store.StoreError;
import org.tegami.store.contract.SettableClock;
import org.tegami.store.contract.StoreFixture;

/**
 * What only the SQLite backend promises: its files, its schema versions, and reopening. The stores here keep
 * every message in a file ({@code inline_message_max_bytes = 0}), which most of these tests look at;
 * {@link InlineContentTest} covers messages kept in the database.
 */
class SqliteStorageTest implements StoreFixture {

    @TempDir
    Path dir;

    private final SettableClock clock = new SettableClock(CLOCK_START);
    private Path data;
    private SqliteMailStore store;

    @BeforeEach
    void open() {
        data = dir.resolve("data");
        store = filesOnly(data);
    }

    @AfterEach
    void close() {
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
        store = filesOnly(data);
    }

    private SqliteMailStore filesOnly(Path data) {
        return SqliteMailStore.open(data, clock, SqliteMailStore.DEFAULT_MAX_TRANSACTIONS_PER_COMMIT, 0);
    }

    private Path blobFile(ContentId id) {
        String hex = id.sha256();
        return data.resolve("blobs").resolve(hex.substring(0, 2)).resolve(hex.substring(2, 4)).resolve(hex);
    }

    private ContentId contentOf(MailboxId box, long uid) {
        return store.messages().fetch(box, uids(uid), false).getFirst().content();
    }

    private Connection raw() throws SQLException {
        return DriverManager.getConnection("jdbc:sqlite:" + data.resolve("tegami.db"));
    }

    @Test
    void aDatabaseFromANewerBuildIsRefused() throws Exception {
        store.close();
        try (Connection c = raw(); Statement s = c.createStatement()) {
            s.execute("PRAGMA user_version = " + (Schema.latestVersion() + 1));
        }
        StoreError e = assertThrows(StoreError.class, () -> SqliteMailStore.open(data));
        assertEquals(StoreError.Kind.SCHEMA_TOO_NEW, e.kind());
        assertTrue(e.getMessage().contains(String.valueOf(Schema.latestVersion() + 1)), e.getMessage());
        store = SqliteMailStore.open(dir.resolve("other"));
    }

    @Test
    void aFailingMigrationLeavesTheDatabaseAtTheLastGoodVersion() throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("m.db"))) {
            List<List<String>> migrations = List.of(
                    List.of("CREATE TABLE one (x INTEGER)"),
                    List.of("CREATE TABLE two (x INTEGER)", "THIS IS NOT SQL"));
            assertThrows(SQLException.class, () -> Schema.migrate(c, migrations));
            try (Statement s = c.createStatement()) {
                assertEquals(1, Schema.version(s));
                try (ResultSet rs = s.executeQuery("SELECT count(*) FROM sqlite_master WHERE name = 'two'")) {
                    rs.next();
                    assertEquals(0, rs.getInt(1), "the failed migration's first statement was rolled back");
                }
            }
            Schema.migrate(c, migrations.subList(0, 1));
        }
    }

    @Test
    void aVersion3DatabaseGainsTheSentCopyOffAndItsMessagesAreNotRecent() throws Exception {
        Path old = dir.resolve("old");
        Files.createDirectories(old);
        String sha = FileBlobStore.address(message("before")).sha256();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + old.resolve(SqliteMailStore.DATABASE_FILE))) {
            Schema.migrate(c, Schema.MIGRATIONS.subList(0, 3));
            try (Statement s = c.createStatement()) {
                s.execute("INSERT INTO accounts (id, address, password_hash, created_at) VALUES (7, 'a@example.org', 'h', 0)");
                s.execute("INSERT INTO mailboxes (id, account_id, name, uidvalidity, uidnext, highest_modseq,"
                        + " recent_floor_uid, special_use, selectable) VALUES (3, 7, 'Sent', 1, 2, 2, 1, '\\Sent', 1)");
                s.execute("INSERT INTO contents (sha, size, structure, refcount) VALUES ('" + sha + "', 1, x'', 1)");
                s.execute("INSERT INTO messages (mailbox_id, uid, content_sha, flags, modseq, internal_date, size)"
                        + " VALUES (3, 1, '" + sha + "', '', 2, 0, 1)");
            }
        }
        try (SqliteMailStore migrated = SqliteMailStore.open(old, clock)) {
            assertFalse(migrated.accounts().sentCopy(new AccountId(7)));
            assertTrue(migrated.messages().findRecent(new MailboxId(3), new ContentId(sha),
                    CLOCK_START.minus(Duration.ofDays(365))).isEmpty(), "a message from before the migration is old");
        }
    }

    @Test
    void aVersion5DatabaseKeepsItsAppPasswordsAndBlocksAndGainsScramCredentials() throws Exception {
        Path old = dir.resolve("v5");
        Files.createDirectories(old);
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + old.resolve(SqliteMailStore.DATABASE_FILE))) {
            Schema.migrate(c, Schema.MIGRATIONS.subList(0, 5));
            try (Statement s = c.createStatement()) {
                assertEquals(5, Schema.version(s));
                s.execute("INSERT INTO accounts (id, address, password_hash, created_at, main_password_refused)"
                        + " VALUES (7, 'a@example.org', 'h', 0, 1)");
                s.execute("INSERT INTO app_passwords (account_id, label, password_hash, only_for, created_at)"
                        + " VALUES (7, 'laptop', 'ah', 'imap', 0)");
                s.execute("INSERT INTO blocked_addresses (address, since, until, reason)"
                        + " VALUES ('192.0.2.1', 0, " + CLOCK_START.plus(Duration.ofDays(1)).toEpochMilli() + ", 'test')");
            }
        }
        AccountId a = new AccountId(7);
        ScramKeys keys = new ScramKeys(new byte[] {1}, 4096, new byte[] {2}, new byte[] {3});
        try (SqliteMailStore migrated = SqliteMailStore.open(old, clock)) {
            assertTrue(migrated.appPasswords().mainPasswordRefused(a));
            assertEquals(List.of("laptop"), migrated.appPasswords().list(a).stream().map(p -> p.label()).toList());
            assertTrue(migrated.blocklist().isBlocked(InetAddress.getByName("192.0.2.1"), CLOCK_START));
            assertTrue(migrated.scram().find(a, ScramHash.SHA_256).isEmpty());
            assertTrue(migrated.scram().decoySecret().length >= 32);
            migrated.scram().put(a, ScramHash.SHA_256, keys);
            assertEquals(Optional.of(keys), migrated.scram().find(a, ScramHash.SHA_256));
            migrated.accounts().updatePasswordHash(a, "h2");
            assertTrue(migrated.scram().find(a, ScramHash.SHA_256).isEmpty(), "a new password hash drops the keys");
            assertEquals(1, migrated.appPasswords().list(a).size(), "app passwords do not follow the main password");
        }
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + old.resolve(SqliteMailStore.DATABASE_FILE));
             Statement s = c.createStatement()) {
            assertEquals(Schema.latestVersion(), Schema.version(s));
        }
    }

    @Test
    void aVersion6DatabaseKeepsItsRememberedExpungesWithNothingForgotten() throws Exception {
        Path old = dir.resolve("v6");
        Files.createDirectories(old);
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + old.resolve(SqliteMailStore.DATABASE_FILE))) {
            Schema.migrate(c, Schema.MIGRATIONS.subList(0, 6));
            try (Statement s = c.createStatement()) {
                assertEquals(6, Schema.version(s));
                s.execute("INSERT INTO accounts (id, address, password_hash, created_at) VALUES (7, 'a@example.org', 'h', 0)");
                s.execute("INSERT INTO mailboxes (id, account_id, name, uidvalidity, uidnext, highest_modseq,"
                        + " recent_floor_uid, special_use, selectable) VALUES (3, 7, 'INBOX', 1, 3, 5, 1, '', 1)");
                s.execute("INSERT INTO expunged (mailbox_id, uid, modseq) VALUES (3, 1, 4), (3, 2, 5)");
            }
        }
        try (SqliteMailStore migrated = SqliteMailStore.open(old, clock)) {
            MailboxId box = new MailboxId(3);
            assertEquals(ModSeq.ZERO, migrated.messages().expungeHorizon(box));
            assertEquals(List.of(new Uid(1), new Uid(2)), migrated.messages().changesSince(box, ModSeq.ZERO).expunged());
            assertEquals(1, migrated.messages().forgetExpunges(box, 1));
            assertEquals(new ModSeq(4), migrated.messages().expungeHorizon(box));
        }
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + old.resolve(SqliteMailStore.DATABASE_FILE));
             Statement s = c.createStatement()) {
            assertEquals(Schema.latestVersion(), Schema.version(s));
        }
    }

    @Test
    void aVersion7DatabaseKeepsItsMessagesAndItsAccountsFollowTheUnlimitedDefaultQuota() throws Exception {
        Path old = dir.resolve("v7");
        Files.createDirectories(old);
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + old.resolve(SqliteMailStore.DATABASE_FILE))) {
            Schema.migrate(c, Schema.MIGRATIONS.subList(0, 7));
            try (Statement s = c.createStatement()) {
                assertEquals(7, Schema.version(s));
                s.execute("INSERT INTO accounts (id, address, password_hash, created_at) VALUES (7, 'a@example.org', 'h', 0)");
                s.execute("INSERT INTO mailboxes (id, account_id, name, uidvalidity, uidnext, highest_modseq,"
                        + " recent_floor_uid, special_use, selectable) VALUES (3, 7, 'INBOX', 1, 3, 5, 1, '', 1)");
                s.execute("INSERT INTO contents (sha, size, structure, refcount) VALUES ('ab', 10, x'', 2)");
                s.execute("INSERT INTO messages (mailbox_id, uid, content_sha, flags, modseq, internal_date, size)"
                        + " VALUES (3, 1, 'ab', '', 2, 0, 10), (3, 2, 'ab', '', 3, 0, 10)");
            }
        }
        try (SqliteMailStore migrated = SqliteMailStore.open(old, clock)) {
            AccountId account = new AccountId(7);
            assertEquals(Optional.empty(), migrated.accounts().ownQuota(account));
            assertEquals(org.tegami.store.Quota.UNLIMITED, migrated.accounts().quota(account));
            assertEquals(new org.tegami.store.QuotaUsage(20, 2), migrated.accounts().quotaUsage(account));
        }
    }

    @Test
    void aVersion9DatabaseIndexesItsStoredTextAfterOpeningAndSearchFindsItMeanwhile() throws Exception {
        Path old = dir.resolve("v9");
        Files.createDirectories(old);
        String db = "jdbc:sqlite:" + old.resolve(SqliteMailStore.DATABASE_FILE);
        int contents = SearchBackfill.BATCH_CONTENTS + 1;
        try (Connection c = DriverManager.getConnection(db)) {
            Schema.migrate(c, Schema.MIGRATIONS.subList(0, 9));
            try (Statement s = c.createStatement()) {
                s.execute("INSERT INTO accounts (id, address, password_hash, created_at) VALUES (7, 'a@example.org', 'h', 0)");
                s.execute("INSERT INTO mailboxes (id, account_id, name, uidvalidity, uidnext, highest_modseq,"
                        + " recent_floor_uid, special_use, selectable) VALUES (3, 7, 'INBOX', 1, " + (contents + 1)
                        + ", 5, 1, '', 1)");
            }
            try (var content = c.prepareStatement("INSERT INTO contents (sha, size, structure, refcount) VALUES (?, 10, x'', 1)");
                 var text = c.prepareStatement("INSERT INTO content_text (sha, headers, body) VALUES (?, ?, ?)");
                 var message = c.prepareStatement("INSERT INTO messages (mailbox_id, uid, content_sha, flags, modseq,"
                         + " internal_date, size) VALUES (3, ?, ?, '', 2, 0, 10)")) {
                // One batch and one more: the last content is the one to find.
                for (int i = 1; i <= contents; i++) {
                    String sha = "%064x".formatted(i);
                    content.setString(1, sha);
                    content.executeUpdate();
                    text.setString(1, sha);
                    text.setBytes(2, Columns.headers(List.of(new org.tegami.message.HeaderField("Subject", "Nr. " + i))));
                    text.setString(3, i == contents ? "Der Bär tanzt" : "nichts");
                    text.executeUpdate();
                    message.setLong(1, i);
                    message.setString(2, sha);
                    message.executeUpdate();
                }
            }
        }
        try (SqliteMailStore migrated = SqliteMailStore.open(old, clock)) {
            MailboxId box = new MailboxId(3);
            List<Uid> meanwhile = migrated.messages().textCandidates(box, "BÄR TA", org.tegami.store.TextPart.BODY)
                    .orElseThrow();
            assertTrue(meanwhile.contains(new Uid(contents)), "indexed or waiting, it is a candidate: " + meanwhile);
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (backlog(db) > 0) {
                assertTrue(System.nanoTime() < deadline, "the backlog is indexed within a minute");
                Thread.sleep(10);
            }
            assertEquals(List.of(new Uid(contents)),
                    migrated.messages().textCandidates(box, "BÄR TA", org.tegami.store.TextPart.BODY).orElseThrow());
            assertEquals(List.of(new Uid(contents)),
                    migrated.messages().textCandidates(box, "nr. " + contents, org.tegami.store.TextPart.HEADERS)
                            .orElseThrow());
            assertEquals(List.of(), migrated.messages().textCandidates(box, "tanzt", org.tegami.store.TextPart.HEADERS)
                    .orElseThrow());
        }
    }

    private static long backlog(String db) throws SQLException {
        try (Connection c = DriverManager.getConnection(db); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT count(*) FROM search_backlog")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    @Test
    void aVersion8DatabaseGainsEmptyMetadataForItsMailboxesAndServer() throws Exception {
        Path old = dir.resolve("v8");
        Files.createDirectories(old);
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + old.resolve(SqliteMailStore.DATABASE_FILE))) {
            Schema.migrate(c, Schema.MIGRATIONS.subList(0, 8));
            try (Statement s = c.createStatement()) {
                assertEquals(8, Schema.version(s));
                s.execute("INSERT INTO accounts (id, address, password_hash, created_at) VALUES (7, 'a@example.org', 'h', 0)");
                s.execute("INSERT INTO mailboxes (id, account_id, name, uidvalidity, uidnext, highest_modseq,"
                        + " recent_floor_uid, special_use, selectable) VALUES (3, 7, 'INBOX', 1, 1, 1, 1, '', 1)");
            }
        }
        try (SqliteMailStore migrated = SqliteMailStore.open(old, clock)) {
            AccountId account = new AccountId(7);
            Optional<org.tegami.store.MailboxId> inbox = Optional.of(new org.tegami.store.MailboxId(3));
            assertEquals(java.util.List.of(), migrated.annotations().entries(account, inbox));
            migrated.annotations().set(account, inbox, java.util.Map.of("/shared/comment",
                    Optional.of(new byte[] {'x'})), 10);
            assertEquals(1, migrated.annotations().entries(account, inbox).size());
            assertEquals(java.util.List.of(), migrated.annotations().entries(account, Optional.empty()));
        }
    }

    @Test
    void aMessageStoredBeforeSortDatesWereKeptGetsItsKeyFromItsStructure() throws Exception {
        MailboxId box = inbox(alice().id()).id();
        append(box, "dated");
        List<org.tegami.store.SortDate> kept = store.messages().sortDates(box, uids(1));
        try (Connection c = raw(); Statement s = c.createStatement()) {
            assertEquals(1, s.executeUpdate("UPDATE messages SET sort_date = NULL"));
        }
        assertEquals(kept, store.messages().sortDates(box, uids(1)));
        assertEquals(Instant.parse("2024-05-01T10:00:00Z"), kept.getFirst().date());
    }

    @Test
    void theDatabaseUsesWalAndIsAtTheLatestVersion() throws Exception {
        try (Connection c = raw(); Statement s = c.createStatement()) {
            try (ResultSet rs = s.executeQuery("PRAGMA journal_mode")) {
                rs.next();
                assertEquals("wal", rs.getString(1));
            }
            assertEquals(Schema.latestVersion(), Schema.version(s));
        }
    }

    @Test
    void reopeningKeepsEverything() {
        AccountId a = alice().id();
        Mailbox work = mailbox(a, "Work");
        Appended one = append(work.id(), "one", Flags.SEEN);
        store.mailboxes().subscribe(a, "Work");
        store.accounts().addDomain("example.org");
        store.close();

        store = SqliteMailStore.open(data);
        Mailbox again = store.mailboxes().findMailbox(a, "Work").orElseThrow();
        assertEquals(work, again);
        assertEquals(List.of("Work"), store.mailboxes().subscriptions(a));
        assertTrue(store.accounts().isLocalDomain("example.org"));
        assertEquals(Flags.of(Flags.SEEN), store.messages().fetch(work.id(), List.of(one.uid()), false).getFirst().flags());
        assertEquals(2, append(work.id(), "two").uid().value());
    }

    @Test
    void aSecondStoreOnTheSameDirectorySeesChangesAtOnce() {
        try (SqliteMailStore other = SqliteMailStore.open(data)) {
            AccountId a = alice().id();
            assertTrue(other.accounts().findAccount(a).isPresent());
            other.mailboxes().createMailbox(a, "FromCli", Set.of());
            assertTrue(store.mailboxes().findMailbox(a, "FromCli").isPresent());
            Appended x = other.messages().append(inbox(a).id(), List.of(newMessage("x"))).getFirst();
            assertEquals(x.uid().value() + 1, append(inbox(a).id(), "y").uid().value());
        }
    }

    @Test
    void anAppendedMessageIsInItsBlobFileWhenAppendReturns() throws Exception {
        MailboxId box = inbox(alice().id()).id();
        append(box, "durable");
        Path file = blobFile(contentOf(box, 1));
        assertArrayEquals(message("durable"), Files.readAllBytes(file));
        try (Stream<Path> files = Files.walk(data.resolve("blobs"))) {
            assertTrue(files.noneMatch(p -> p.getFileName().toString().startsWith(".tmp-")), "no temp files left");
        }
    }

    @Test
    void aQueuedMessageIsInItsBlobFileWhenEnqueueReturns() throws Exception {
        QueueEntry entry = store.queue().enqueue(new NewQueueEntry("alice@example.org",
                List.of(new NewQueueEntry.Recipient("bob@example.net", null, null)), message("queued"), null, false,
                false));
        assertArrayEquals(message("queued"), Files.readAllBytes(blobFile(entry.content())));
        assertTrue(store.queue().delete(entry.id()));
        assertFalse(Files.exists(blobFile(entry.content())));
    }

    @Test
    void twoStoresOnOneDirectoryNeverClaimTheSameEntry() throws Exception {
        for (int i = 0; i < 20; i++) {
            store.queue().enqueue(new NewQueueEntry("alice@example.org",
                    List.of(new NewQueueEntry.Recipient("bob@example.net", null, null)), message("m" + i), null,
                    false, false));
        }
        Instant now = clock.instant();
        try (SqliteMailStore other = filesOnly(data);
                ExecutorService pool = Executors.newFixedThreadPool(2)) {
            List<Future<List<QueueId>>> claims = Stream.of(store, other).map(s -> pool.submit(() -> {
                List<QueueId> mine = new ArrayList<>();
                List<QueueEntry> claimed;
                while (!(claimed = s.queue().claimDue(now, Duration.ofMinutes(5), 1)).isEmpty()) {
                    mine.add(claimed.getFirst().id());
                }
                return mine;
            })).toList();
            List<QueueId> all = new ArrayList<>();
            for (Future<List<QueueId>> f : claims) {
                all.addAll(f.get());
            }
            assertEquals(20, all.size());
            assertEquals(20, Set.copyOf(all).size());
        }
    }

    @Test
    void aBlobIsDeletedWhenItsLastMessageIsExpunged() {
        AccountId a = alice().id();
        MailboxId inbox = inbox(a).id();
        MailboxId work = mailbox(a, "Work").id();
        append(inbox, "twice", Flags.DELETED);
        append(work, "twice", Flags.DELETED);
        ContentId content = contentOf(inbox, 1);
        assertTrue(Files.exists(blobFile(content)));

        store.messages().expunge(inbox, null);
        assertTrue(Files.exists(blobFile(content)), "still referenced from Work");
        store.messages().expunge(work, null);
        assertFalse(Files.exists(blobFile(content)));
        assertFails(StoreError.Kind.NONEXISTENT, () -> store.messages().text(content));

        append(inbox, "twice");
        assertArrayEquals(message("twice"), store.blobs().read(contentOf(inbox, 2)), "the same bytes can come back");
    }

    @Test
    void deletingAMailboxOrAnAccountDeletesTheirBlobs() {
        AccountId a = alice().id();
        MailboxId work = mailbox(a, "Work").id();
        append(work, "in work");
        ContentId inWork = contentOf(work, 1);
        MailboxId inbox = inbox(a).id();
        append(inbox, "in inbox");
        ContentId inInbox = contentOf(inbox, 1);
        store.mailboxes().deleteMailbox(a, "Work");
        assertFalse(Files.exists(blobFile(inWork)));
        assertTrue(Files.exists(blobFile(inInbox)));
        store.accounts().deleteAccount(a);
        assertFalse(Files.exists(blobFile(inInbox)));
    }

    @Test
    void aMoveKeepsTheBlobAndACopyExpungedFromOneSideKeepsItToo() {
        AccountId a = alice().id();
        MailboxId inbox = inbox(a).id();
        MailboxId work = mailbox(a, "Work").id();
        append(inbox, "moving");
        ContentId content = contentOf(inbox, 1);
        store.messages().move(inbox, uids(1), work);
        assertTrue(Files.exists(blobFile(content)));
        store.messages().copy(work, uids(1), inbox);
        store.messages().updateFlags(work, uids(1), FlagUpdate.ADD, Flags.of(Flags.DELETED), null);
        store.messages().expunge(work, null);
        assertTrue(Files.exists(blobFile(content)));
        store.messages().updateFlags(inbox, uids(2), FlagUpdate.ADD, Flags.of(Flags.DELETED), null);
        store.messages().expunge(inbox, null);
        assertFalse(Files.exists(blobFile(content)));
    }

    @Test
    void aFailedAppendLeavesNoFileBehind() throws Exception {
        assertFails(StoreError.Kind.NONEXISTENT, () -> append(new MailboxId(4242), "lost"));
        assertFalse(Files.exists(blobFile(FileBlobStore.address(message("lost")))));
    }

    @Test
    void aClosedStoreIsUnavailable() {
        AccountId a = alice().id();
        store.close();
        store.close();
        assertFails(StoreError.Kind.UNAVAILABLE, () -> store.accounts().findAccount(a));
        assertFails(StoreError.Kind.UNAVAILABLE, () -> store.mailboxes().createMailbox(a, "x", Set.of()));
        store = SqliteMailStore.open(data);
    }

    @Test
    void aDamagedDatabaseIsUnavailableWithoutSqlInTheMessage() throws Exception {
        store.close();
        Path broken = dir.resolve("broken");
        Files.createDirectories(broken);
        Files.write(broken.resolve("tegami.db"), "this is not a database, not even close to one".repeat(100).getBytes());
        StoreError e = assertThrows(StoreError.class, () -> SqliteMailStore.open(broken));
        assertEquals(StoreError.Kind.UNAVAILABLE, e.kind());
        assertFalse(e.getMessage().toUpperCase().contains("SQL"), e.getMessage());
        store = SqliteMailStore.open(data);
    }
}
