package org.tegami.store.sqlite;

import org.tegami.blob.files.FileBlobStore;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;
import org.tegami.store.ContentId;
import org.tegami.store.MailboxChange;
import org.tegami.store.StoreError;

/**
 * The SQLite database file and its connections. Writes are serialised in-process by one connection
 * behind a lock and across processes by {@code BEGIN IMMEDIATE} (a CLI may write while the server runs);
 * reads run concurrently on a small pool, each in its own transaction so it sees one consistent state
 * (WAL readers never wait for the writer).
 */
final class Database implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Database.class);
    private static final int READERS = 4;
    /** How long to wait for another process holding the write lock before giving up. */
    private static final int BUSY_TIMEOUT_MILLIS = 10_000;

    private final ReentrantLock writeLock = new ReentrantLock();
    private final Connection writer;
    private final BlockingQueue<Connection> readers = new ArrayBlockingQueue<>(READERS);
    private final List<Connection> allReaders = new ArrayList<>();
    private final FileBlobStore blobs;
    private final LocalChangeFeed feed;
    private volatile boolean closed;

    Database(Path file, FileBlobStore blobs, LocalChangeFeed feed) {
        this.blobs = blobs;
        this.feed = feed;
        String url = "jdbc:sqlite:" + file.toAbsolutePath();
        Connection w = null;
        try {
            w = config().createConnection(url);
            try (Statement s = w.createStatement()) {
                // WAL is a property of the file; setting it once per open is idempotent.
                s.execute("PRAGMA journal_mode = WAL");
            }
            Schema.migrate(w);
            this.writer = w;
            for (int i = 0; i < READERS; i++) {
                Connection r = config().createConnection(url);
                try (Statement s = r.createStatement()) {
                    // A reader that tried to write would bypass the write lock; make that impossible.
                    s.execute("PRAGMA query_only = ON");
                }
                allReaders.add(r);
                readers.add(r);
            }
        } catch (SQLException e) {
            closeQuietly(w);
            allReaders.forEach(Database::closeQuietly);
            throw translate(e);
        } catch (RuntimeException e) {
            closeQuietly(w);
            allReaders.forEach(Database::closeQuietly);
            throw e;
        }
    }

    private static SQLiteConfig config() {
        SQLiteConfig config = new SQLiteConfig();
        config.setSynchronous(SQLiteConfig.SynchronousMode.FULL);
        config.enforceForeignKeys(true);
        config.setBusyTimeout(BUSY_TIMEOUT_MILLIS);
        return config;
    }

    /** Runs {@code work} in one read transaction on a pooled connection. */
    <T> T read(SqlWork<T> work) {
        Connection c = borrowReader();
        try (Statement s = c.createStatement()) {
            s.execute("BEGIN");
            try {
                return work.run(c);
            } finally {
                s.execute("ROLLBACK");
            }
        } catch (SQLException e) {
            throw translate(e);
        } finally {
            returnReader(c);
        }
    }

    /**
     * Runs {@code work} in one write transaction. After it commits (or rolls back), still under the lock,
     * removes the blobs it left unreferenced; then, outside the lock, publishes its changes.
     */
    <T> T write(WriteWork<T> work) {
        WriteTx tx = new WriteTx(writer);
        T result;
        writeLock.lock();
        try {
            ensureOpen();
            boolean committed = false;
            try (Statement s = writer.createStatement()) {
                s.execute("BEGIN IMMEDIATE");
                try {
                    result = work.run(tx);
                    s.execute("COMMIT");
                    committed = true;
                } finally {
                    if (!committed) {
                        rollbackQuietly(s);
                    }
                }
            } catch (SQLException e) {
                throw translate(e);
            } finally {
                sweepBlobs(committed ? tx.blobsToCheck() : tx.blobsIfRolledBack());
            }
        } finally {
            writeLock.unlock();
        }
        publish(tx.changes());
        return result;
    }

    /** Deletes those of the given blobs that no content row refers to, serialised with every write. */
    void deleteUnreferencedBlobs(Set<ContentId> candidates) {
        writeLock.lock();
        try {
            ensureOpen();
            sweepBlobs(candidates);
        } finally {
            writeLock.unlock();
        }
    }

    /**
     * Deletes the given blobs that no content row refers to. Runs under the write lock and inside a
     * {@code BEGIN IMMEDIATE} transaction, so no append in this or another process can be between
     * "the blob file exists" and "the content row is committed" while we delete.
     */
    private void sweepBlobs(Set<ContentId> candidates) {
        if (candidates.isEmpty()) {
            return;
        }
        try (Statement s = writer.createStatement()) {
            s.execute("BEGIN IMMEDIATE");
            try (var q = writer.prepareStatement("SELECT 1 FROM contents WHERE sha = ?")) {
                for (ContentId id : candidates) {
                    q.setString(1, id.sha256());
                    try (var rs = q.executeQuery()) {
                        if (!rs.next()) {
                            blobs.delete(id);
                        }
                    }
                }
            } finally {
                s.execute("COMMIT");
            }
        } catch (SQLException | RuntimeException e) {
            // The change itself is committed; an unreferenced file is only wasted space.
            LOG.warn("could not remove unreferenced message files", e);
        }
    }

    private void publish(List<MailboxChange> changes) {
        if (!changes.isEmpty()) {
            feed.publish(changes);
        }
    }

    private Connection borrowReader() {
        ensureOpen();
        try {
            while (true) {
                Connection c = readers.poll(1, TimeUnit.SECONDS);
                if (c != null) {
                    return c;
                }
                ensureOpen();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreError(StoreError.Kind.UNAVAILABLE, "interrupted while waiting for the database");
        }
    }

    private void returnReader(Connection c) {
        if (closed) {
            closeQuietly(c);
        } else {
            readers.add(c);
        }
    }

    private void ensureOpen() {
        if (closed) {
            throw new StoreError(StoreError.Kind.UNAVAILABLE, "the store is closed");
        }
    }

    @Override
    public void close() {
        writeLock.lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            closeQuietly(writer);
        } finally {
            writeLock.unlock();
        }
        Connection c;
        while ((c = readers.poll()) != null) {
            closeQuietly(c);
        }
    }

    /** Maps a database failure to the store's vocabulary; the SQL text stays in the cause, never in the message. */
    static StoreError translate(SQLException e) {
        if (e instanceof SQLiteException se) {
            SQLiteErrorCode code = se.getResultCode();
            switch (code) {
                case SQLITE_CONSTRAINT_UNIQUE, SQLITE_CONSTRAINT_PRIMARYKEY -> {
                    return new StoreError(StoreError.Kind.ALREADY_EXISTS, "the name is already taken", e);
                }
                case SQLITE_BUSY, SQLITE_BUSY_SNAPSHOT, SQLITE_BUSY_RECOVERY, SQLITE_LOCKED -> {
                    return new StoreError(StoreError.Kind.UNAVAILABLE, "the database is busy", e);
                }
                case SQLITE_FULL -> {
                    return new StoreError(StoreError.Kind.UNAVAILABLE, "the disk is full", e);
                }
                default -> {
                }
            }
        }
        return new StoreError(StoreError.Kind.UNAVAILABLE, "the database is not available", e);
    }

    private static void rollbackQuietly(Statement s) {
        try {
            s.execute("ROLLBACK");
        } catch (SQLException e) {
            // SQLite may already have rolled back (e.g. after SQLITE_FULL); nothing left to undo.
            LOG.debug("rollback failed", e);
        }
    }

    private static void closeQuietly(Connection c) {
        if (c == null) {
            return;
        }
        try {
            c.close();
        } catch (SQLException e) {
            LOG.debug("closing a connection failed", e);
        }
    }
}
