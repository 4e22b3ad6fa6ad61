package org.tegami.store.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.ServerSocket;
import java.time.Clock;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.tegami.store.StoreError;

/** Migrations: applied once, by one node; a newer schema and an unreachable database are refused clearly. */
class SchemaTest {
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

    private PostgresMailStore open() {
        return PostgresMailStore.open(database.settings(2), Optional.empty(), Clock.systemUTC(), OrphanSweep.defaults());
    }

    @Test
    void aSecondOpenFindsTheSchemaCurrentAndKeepsTheData() {
        try (PostgresMailStore first = open()) {
            first.accounts().addDomain("example.org");
        }
        try (PostgresMailStore second = open()) {
            assertEquals(java.util.List.of("example.org"), second.accounts().listDomains());
        }
    }

    @Test
    void aSchemaNewerThanThisBuildIsRefused() {
        open().close();
        database.execute("UPDATE tegami_schema SET version = " + (Schema.latestVersion() + 1));
        StoreError e = assertThrows(StoreError.class, this::open);
        assertEquals(StoreError.Kind.SCHEMA_TOO_NEW, e.kind());
        assertTrue(e.getMessage().contains("run a newer Tegami"), e.getMessage());
    }

    @Test
    void anUnreachableDatabaseIsUnavailableWithTheReason() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        PostgresSettings nowhere = new PostgresSettings("jdbc:postgresql://127.0.0.1:" + port + "/tegami?connectTimeout=2",
                "tegami", "secret", 2);
        StoreError e = assertThrows(StoreError.class,
                () -> PostgresMailStore.open(nowhere, Optional.empty(), Clock.systemUTC(), OrphanSweep.defaults()));
        assertEquals(StoreError.Kind.UNAVAILABLE, e.kind());
        assertTrue(e.getMessage().contains("cannot connect to PostgreSQL at jdbc:postgresql://127.0.0.1:" + port),
                e.getMessage());
    }

    @Test
    void aVersion1DatabaseKeepsItsRememberedExpungesWithNothingForgotten() throws Exception {
        try (var c = java.sql.DriverManager.getConnection(database.url(), database.user(), database.password())) {
            c.setAutoCommit(false);
            Schema.migrate(c, Schema.MIGRATIONS.subList(0, 1));
            try (var s = c.createStatement()) {
                assertEquals(1, Schema.version(s));
                s.execute("INSERT INTO accounts (id, address, password_hash, created_at) VALUES (7, 'a@example.org', 'h', 0)");
                s.execute("INSERT INTO mailboxes (account_id, id, name, uidvalidity, uidnext, highest_modseq,"
                        + " recent_floor_uid, special_use, selectable) VALUES (7, 3, 'INBOX', 1, 3, 5, 1, '', true)");
                s.execute("INSERT INTO expunged (account_id, mailbox_id, uid, modseq) VALUES (7, 3, 1, 4), (7, 3, 2, 5)");
            }
            c.commit();
        }
        try (PostgresMailStore migrated = open()) {
            org.tegami.store.MailboxId box = new org.tegami.store.MailboxId(3);
            assertEquals(org.tegami.store.ModSeq.ZERO, migrated.messages().expungeHorizon(box));
            assertEquals(java.util.List.of(new org.tegami.store.Uid(1), new org.tegami.store.Uid(2)),
                    migrated.messages().changesSince(box, org.tegami.store.ModSeq.ZERO).expunged());
            assertEquals(1, migrated.messages().forgetExpunges(box, 1));
            assertEquals(new org.tegami.store.ModSeq(4), migrated.messages().expungeHorizon(box));
        }
        try (var c = java.sql.DriverManager.getConnection(database.url(), database.user(), database.password());
                var s = c.createStatement()) {
            assertEquals(Schema.latestVersion(), Schema.version(s));
        }
    }

    @Test
    void aVersion2DatabaseCountsItsMessagesAndItsAccountsFollowTheUnlimitedDefaultQuota() throws Exception {
        try (var c = java.sql.DriverManager.getConnection(database.url(), database.user(), database.password())) {
            c.setAutoCommit(false);
            Schema.migrate(c, Schema.MIGRATIONS.subList(0, 2));
            try (var s = c.createStatement()) {
                assertEquals(2, Schema.version(s));
                s.execute("INSERT INTO accounts (id, address, password_hash, created_at) VALUES (7, 'a@example.org', 'h', 0)");
                s.execute("INSERT INTO mailboxes (account_id, id, name, uidvalidity, uidnext, highest_modseq,"
                        + " recent_floor_uid, special_use, selectable) VALUES (7, 3, 'INBOX', 1, 3, 5, 1, '', true)");
                s.execute("INSERT INTO contents (account_id, sha, size, structure, headers, body, refcount)"
                        + " VALUES (7, 'ab', 10, ''::bytea, ''::bytea, '', 2)");
                s.execute("INSERT INTO messages (account_id, mailbox_id, uid, content_sha, flags, modseq,"
                        + " internal_date, size, added_at) VALUES (7, 3, 1, 'ab', '', 2, 0, 10, 0), (7, 3, 2, 'ab', '', 3, 0, 10, 0)");
            }
            c.commit();
        }
        try (PostgresMailStore migrated = open()) {
            org.tegami.store.AccountId account = new org.tegami.store.AccountId(7);
            assertEquals(Optional.empty(), migrated.accounts().ownQuota(account));
            assertEquals(org.tegami.store.Quota.UNLIMITED, migrated.accounts().quota(account));
            assertEquals(new org.tegami.store.QuotaUsage(20, 2), migrated.accounts().quotaUsage(account));
        }
    }

    @Test
    void aVersion3DatabaseGainsEmptyMetadataForItsMailboxesAndServer() throws Exception {
        try (var c = java.sql.DriverManager.getConnection(database.url(), database.user(), database.password())) {
            c.setAutoCommit(false);
            Schema.migrate(c, Schema.MIGRATIONS.subList(0, 3));
            try (var s = c.createStatement()) {
                assertEquals(3, Schema.version(s));
                s.execute("INSERT INTO accounts (id, address, password_hash, created_at) VALUES (7, 'a@example.org', 'h', 0)");
                s.execute("INSERT INTO mailboxes (account_id, id, name, uidvalidity, uidnext, highest_modseq,"
                        + " recent_floor_uid, special_use, selectable) VALUES (7, 3, 'INBOX', 1, 1, 1, 1, '', true)");
            }
            c.commit();
        }
        try (PostgresMailStore migrated = open()) {
            org.tegami.store.AccountId account = new org.tegami.store.AccountId(7);
            Optional<org.tegami.store.MailboxId> inbox = Optional.of(new org.tegami.store.MailboxId(3));
            assertEquals(java.util.List.of(), migrated.annotations().entries(account, inbox));
            migrated.annotations().set(account, inbox, java.util.Map.of("/shared/comment",
                    Optional.of(new byte[] {'x'})), 10);
            assertEquals(1, migrated.annotations().entries(account, inbox).size());
            assertEquals(java.util.List.of(), migrated.annotations().entries(account, Optional.empty()));
        }
    }

    @Test
    void aFailedMigrationLeavesTheDatabaseAtTheVersionBefore() throws Exception {
        try (var c = java.sql.DriverManager.getConnection(database.url(), database.user(), database.password())) {
            c.setAutoCommit(false);
            java.util.List<java.util.List<String>> broken = java.util.List.of(
                    java.util.List.of("CREATE TABLE first_table (id integer)"),
                    java.util.List.of("CREATE TABLE second_table (id integer)", "THIS IS NOT SQL"));
            assertThrows(java.sql.SQLException.class, () -> Schema.migrate(c, broken));
            try (var s = c.createStatement()) {
                assertEquals(1, Schema.version(s));
                c.rollback();
                try (var rs = s.executeQuery("SELECT to_regclass('second_table') IS NULL")) {
                    rs.next();
                    assertTrue(rs.getBoolean(1), "the failed migration's first statement was rolled back too");
                }
            }
        }
    }
}
