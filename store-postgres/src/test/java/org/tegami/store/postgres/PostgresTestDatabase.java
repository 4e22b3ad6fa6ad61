package org.tegami.store.postgres;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * A fresh, empty schema in the test PostgreSQL named by {@code TEGAMI_TEST_POSTGRES_URL},
 * {@code TEGAMI_TEST_POSTGRES_USER} and {@code TEGAMI_TEST_POSTGRES_PASSWORD} (which
 * {@code scripts/postgres-for-tests.sh} and {@code .ci/run} set), dropped again on close. Without those
 * variables a test is skipped with a message saying how to run it, except under CI ({@code CI=true}),
 * where it fails: CI must never pass without having run the PostgreSQL tests.
 */
public final class PostgresTestDatabase implements AutoCloseable {
    public static final String URL_VARIABLE = "TEGAMI_TEST_POSTGRES_URL";

    private final String url;
    private final String user;
    private final String password;
    private final String schema;

    private PostgresTestDatabase(String url, String user, String password, String schema) {
        this.url = url;
        this.user = user;
        this.password = password;
        this.schema = schema;
    }

    /** Whether a test database is configured. */
    public static boolean available() {
        String url = System.getenv(URL_VARIABLE);
        return url != null && !url.isBlank();
    }

    /** Skips the calling test (fails it under CI) when no test database is configured. */
    public static void requireAvailable() {
        if (available()) {
            return;
        }
        String message = URL_VARIABLE + " is not set, so the PostgreSQL tests cannot run; run them with"
                + " scripts/postgres-for-tests.sh ./tegami test";
        if ("true".equals(System.getenv("CI"))) {
            Assertions.fail(message);
        }
        Assumptions.abort(message);
    }

    /** Creates a new schema with a random name; the store's tables go there. */
    public static PostgresTestDatabase create() {
        requireAvailable();
        String url = System.getenv(URL_VARIABLE);
        String user = System.getenv().getOrDefault("TEGAMI_TEST_POSTGRES_USER", "tegami");
        String password = System.getenv().getOrDefault("TEGAMI_TEST_POSTGRES_PASSWORD", "");
        String schema = "t_" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong());
        PostgresTestDatabase db = new PostgresTestDatabase(url, user, password, schema);
        db.execute("CREATE SCHEMA " + schema);
        return db;
    }

    /** The JDBC URL of this schema: the database's URL with {@code currentSchema} set. */
    public String url() {
        return url + (url.contains("?") ? "&" : "?") + "currentSchema=" + schema;
    }

    public String user() {
        return user;
    }

    public String password() {
        return password;
    }

    public PostgresSettings settings(int poolSize) {
        return new PostgresSettings(url(), user, password, poolSize);
    }

    /** Runs one statement as the test user, outside any store. */
    public void execute(String sql) {
        try (Connection c = DriverManager.getConnection(url(), user, password); Statement s = c.createStatement()) {
            s.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException("test database statement failed: " + sql, e);
        }
    }

    /** Ends every change-feed connection to the database, as a database restart or a network cut would. */
    public void terminateChangeFeeds() {
        execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = '"
                + NotifyChangeFeed.APPLICATION_NAME + "' AND datname = current_database()");
    }

    @Override
    public void close() {
        execute("DROP SCHEMA " + schema + " CASCADE");
    }
}
