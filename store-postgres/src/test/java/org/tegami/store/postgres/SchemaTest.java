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
        database.close();
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
