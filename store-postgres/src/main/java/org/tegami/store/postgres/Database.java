package org.tegami.store.postgres;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.sql.Statement;
import java.util.Collection;
import java.util.List;
import java.util.Properties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tegami.store.BlobStore;
import org.tegami.store.ContentId;
import org.tegami.store.MailboxChange;
import org.tegami.store.StoreError;

/**
 * The connection pool and the transaction discipline. Reads run in {@code REPEATABLE READ READ ONLY}
 * transactions, so a snapshot of a mailbox and its messages is one consistent state. Writes run in
 * {@code READ COMMITTED} and serialise on row locks they take first (the mailbox row for any change to
 * its messages), so two nodes never interleave changes to one mailbox; a deadlock or serialization
 * failure reported by PostgreSQL rolls the work back and runs it again.
 */
final class Database implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Database.class);
    /** Runs of one write after PostgreSQL broke a deadlock by aborting it; each run starts from scratch. */
    private static final int WRITE_ATTEMPTS = 5;
    /** How long to wait for a connection from the pool before answering that the database is unavailable. */
    private static final long CONNECTION_TIMEOUT_MILLIS = 10_000;

    private final PostgresSettings settings;
    private final HikariDataSource pool;
    private final String channel;
    private volatile BlobStore blobs;

    private Database(PostgresSettings settings, HikariDataSource pool, String channel) {
        this.settings = settings;
        this.pool = pool;
        this.channel = channel;
    }

    /**
     * Connects, migrates the schema and returns the database. {@code UNAVAILABLE} with the reason when the
     * server cannot be reached or refuses the login; {@code SCHEMA_TOO_NEW} when a newer build wrote it.
     */
    static Database open(PostgresSettings settings) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(settings.url());
        config.setUsername(settings.user());
        config.setPassword(settings.password());
        config.setMaximumPoolSize(settings.poolSize());
        config.setMinimumIdle(Math.min(2, settings.poolSize()));
        config.setAutoCommit(false);
        config.setConnectionTimeout(CONNECTION_TIMEOUT_MILLIS);
        config.setPoolName("tegami-postgres");
        // Fail at once with the driver's reason when the database is unreachable, instead of a pool
        // that starts empty and a server that fails on its first login.
        config.setInitializationFailTimeout(1);
        config.addDataSourceProperty("ApplicationName", "tegami");
        config.addDataSourceProperty("tcpKeepAlive", "true");
        HikariDataSource pool;
        try {
            pool = new HikariDataSource(config);
        } catch (RuntimeException e) {
            throw new StoreError(StoreError.Kind.UNAVAILABLE, "cannot connect to PostgreSQL at " + settings.url()
                    + ": " + rootMessage(e), e);
        }
        try {
            String schema;
            try (Connection c = pool.getConnection()) {
                Schema.migrate(c);
                try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT current_schema()")) {
                    rs.next();
                    schema = rs.getString(1);
                }
                c.commit();
            }
            // One channel per schema, so stores sharing a database in separate schemas do not hear each other.
            return new Database(settings, pool, "tegami_changes." + schema);
        } catch (SQLException e) {
            pool.close();
            throw translate(e);
        } catch (RuntimeException e) {
            pool.close();
            throw e;
        }
    }

    /** The blob store whose unreferenced blobs this database removes; set once while the store is wired. */
    void useBlobs(BlobStore blobs) {
        this.blobs = blobs;
    }

    HikariDataSource pool() {
        return pool;
    }

    String channel() {
        return channel;
    }

    /** A connection outside the pool (for LISTEN), with the pool's URL and credentials. */
    Connection dedicatedConnection(String applicationName) throws SQLException {
        Properties properties = new Properties();
        properties.setProperty("user", settings.user());
        properties.setProperty("password", settings.password());
        properties.setProperty("ApplicationName", applicationName);
        properties.setProperty("tcpKeepAlive", "true");
        return new org.postgresql.Driver().connect(settings.url(), properties);
    }

    /** Runs {@code work} in one consistent read-only transaction. */
    <T> T read(SqlWork<T> work) {
        try (Connection c = pool.getConnection()) {
            try {
                try (Statement s = c.createStatement()) {
                    s.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY");
                }
                return work.run(c);
            } finally {
                c.rollback();
            }
        } catch (SQLException e) {
            throw translate(e);
        }
    }

    /**
     * Runs {@code work} in one write transaction, announces its changes with NOTIFY inside it (PostgreSQL
     * delivers them after the commit, in commit order), commits, then removes blobs it left unreferenced.
     */
    <T> T write(WriteWork<T> work) {
        for (int attempt = 1; ; attempt++) {
            WriteTx tx;
            T result;
            try (Connection c = pool.getConnection()) {
                tx = new WriteTx(c);
                boolean committed = false;
                try {
                    result = work.run(tx);
                    notify(c, tx.changes());
                    c.commit();
                    committed = true;
                } finally {
                    if (!committed) {
                        rollbackQuietly(c);
                    }
                }
            } catch (SQLException e) {
                if (isRetryable(e) && attempt < WRITE_ATTEMPTS) {
                    LOG.debug("write aborted by PostgreSQL ({}), running it again", e.getSQLState());
                    continue;
                }
                throw translate(e);
            }
            deleteUnreferencedBlobs(tx.blobsToCheck());
            return result;
        }
    }

    private void notify(Connection c, List<MailboxChange> changes) throws SQLException {
        if (changes.isEmpty()) {
            return;
        }
        try (PreparedStatement s = c.prepareStatement("SELECT pg_notify(?, ?)")) {
            for (MailboxChange change : changes) {
                s.setString(1, channel);
                s.setString(2, ChangeMessage.encode(change));
                s.executeQuery().close();
            }
        }
    }

    /**
     * Deletes those of the given blobs that no message and no queue entry refers to. Each check holds the
     * blob's advisory lock, which every transaction that adds a first reference to the same bytes also
     * takes (see {@link Contents#lockBlob}): between the check and the delete no reference can commit,
     * and a reference committed after the delete re-writes the blob first. Returns how many were deleted.
     */
    int deleteUnreferencedBlobs(Collection<ContentId> candidates) {
        int deleted = 0;
        if (candidates.isEmpty() || blobs == null) {
            return deleted;
        }
        for (ContentId id : candidates) {
            try {
                boolean gone = write(tx -> Contents.deleteIfUnreferenced(tx, blobs, id));
                deleted += gone ? 1 : 0;
            } catch (RuntimeException e) {
                // The change itself is committed; an unreferenced blob is only wasted space, and the
                // orphan sweep removes it later.
                LOG.warn("could not remove an unreferenced message blob", e);
            }
        }
        return deleted;
    }

    private static boolean isRetryable(SQLException e) {
        String state = e.getSQLState();
        // 40001 serialization_failure, 40P01 deadlock_detected.
        return "40001".equals(state) || "40P01".equals(state);
    }

    @Override
    public void close() {
        pool.close();
    }

    /** Maps a database failure to the store's vocabulary; the SQL stays in the cause, never in the message. */
    static StoreError translate(SQLException e) {
        String state = e.getSQLState() == null ? "" : e.getSQLState();
        if (state.equals("23505")) {
            return new StoreError(StoreError.Kind.ALREADY_EXISTS, "the name is already taken", e);
        }
        if (state.startsWith("08") || state.startsWith("57P") || e instanceof SQLTransientConnectionException) {
            return new StoreError(StoreError.Kind.UNAVAILABLE, "the database is not reachable", e);
        }
        if (state.equals("53100")) {
            return new StoreError(StoreError.Kind.UNAVAILABLE, "the database's disk is full", e);
        }
        return new StoreError(StoreError.Kind.UNAVAILABLE, "the database is not available", e);
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null) {
            t = t.getCause();
        }
        return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    }

    private static void rollbackQuietly(Connection c) {
        try {
            c.rollback();
        } catch (SQLException e) {
            LOG.debug("rollback failed", e);
        }
    }
}
