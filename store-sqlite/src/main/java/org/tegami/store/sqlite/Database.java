package org.tegami.store.sqlite;

import org.tegami.blob.files.FileBlobStore;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
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
 * The SQLite database file and its connections. Writes go through one writer thread that owns the write
 * connection: it drains the queue of pending write transactions and runs as many as are waiting (at most
 * {@code maxTransactionsPerCommit}) inside one SQLite transaction, each in its own savepoint, so that the
 * whole group costs one WAL fsync (group commit). A transaction that fails rolls back to its savepoint
 * alone and its caller gets the error; the others commit. Every caller is answered only after the shared
 * {@code COMMIT} has returned, so acknowledged data is durable ({@code synchronous = FULL}). Across
 * processes writes are serialised by {@code BEGIN IMMEDIATE} (a CLI may write while the server runs).
 * Reads run concurrently on a small pool, each in its own transaction so it sees one consistent state
 * (WAL readers never wait for the writer).
 */
final class Database implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Database.class);
    private static final int READERS = 4;
    /** How long to wait for another process holding the write lock before giving up. */
    private static final int BUSY_TIMEOUT_MILLIS = 10_000;
    /** The default of {@code [store] max_transactions_per_commit}. */
    static final int DEFAULT_MAX_TRANSACTIONS_PER_COMMIT = 64;

    private final Connection writer;
    private final BlockingQueue<Connection> readers = new ArrayBlockingQueue<>(READERS);
    private final List<Connection> allReaders = new ArrayList<>();
    private final FileBlobStore blobs;
    private final LocalChangeFeed feed;
    private final int maxTransactionsPerCommit;
    /** Guards {@code pending} and {@code closed} together, so nothing is queued after the writer has left. */
    private final ReentrantLock queueLock = new ReentrantLock();
    private final Condition queued = queueLock.newCondition();
    private final ArrayDeque<PendingWrite<?>> pending = new ArrayDeque<>();
    private final AtomicLong commits = new AtomicLong();
    private final Thread writerThread;
    private volatile boolean closed;

    Database(Path file, FileBlobStore blobs, LocalChangeFeed feed) {
        this(file, blobs, feed, DEFAULT_MAX_TRANSACTIONS_PER_COMMIT);
    }

    Database(Path file, FileBlobStore blobs, LocalChangeFeed feed, int maxTransactionsPerCommit) {
        if (maxTransactionsPerCommit < 1) {
            throw new IllegalArgumentException("maxTransactionsPerCommit must be at least 1");
        }
        this.blobs = blobs;
        this.feed = feed;
        this.maxTransactionsPerCommit = maxTransactionsPerCommit;
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
                    // A reader that tried to write would bypass the writer thread; make that impossible.
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
        // A daemon, so a store that is never closed does not keep the process alive; a transaction cut off by
        // the end of the process was never acknowledged.
        this.writerThread = Thread.ofPlatform().name("sqlite-writer-" + file.getFileName()).daemon(true)
                .unstarted(this::runWriter);
        writerThread.start();
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
     * Runs {@code work} as one write transaction and returns its result once it is durable: the writer thread
     * runs it in a savepoint of the next group commit and answers after that commit has returned (or after
     * the work failed and was rolled back alone). The blobs it left unreferenced are removed before the
     * answer; its changes are then published on the caller's thread. Blocks the caller, which must not be a
     * Netty event loop (handlers run on their own threads), and must not be called from inside {@code work}.
     */
    <T> T write(WriteWork<T> work) {
        if (Thread.currentThread() == writerThread) {
            throw new IllegalStateException("a write transaction cannot start another one");
        }
        PendingWrite<T> w = new PendingWrite<>(work);
        queueLock.lock();
        try {
            ensureOpen();
            pending.add(w);
            queued.signal();
        } finally {
            queueLock.unlock();
        }
        // join() ignores interrupts: once queued, the transaction may commit, so its caller waits to know.
        w.done.join();
        if (w.failure != null) {
            throw rethrowable(w.failure);
        }
        publish(w.tx.changes());
        return w.result;
    }

    /** Deletes those of the given blobs that no content row refers to, serialised with every write. */
    void deleteUnreferencedBlobs(Set<ContentId> candidates) {
        if (candidates.isEmpty()) {
            return;
        }
        write(tx -> {
            candidates.forEach(tx::deleteBlobIfUnreferenced);
            return null;
        });
    }

    /** How many SQLite transactions the writer has committed (each holding one or more write transactions). */
    long commits() {
        return commits.get();
    }

    /** How many write transactions wait for the writer thread. */
    int pendingWrites() {
        queueLock.lock();
        try {
            return pending.size();
        } finally {
            queueLock.unlock();
        }
    }

    /** The writer thread: takes what is waiting, commits it as one group, until closed and drained. */
    private void runWriter() {
        List<PendingWrite<?>> batch = new ArrayList<>(maxTransactionsPerCommit);
        while (true) {
            queueLock.lock();
            try {
                while (pending.isEmpty() && !closed) {
                    queued.awaitUninterruptibly();
                }
                if (pending.isEmpty()) {
                    break;
                }
                while (!pending.isEmpty() && batch.size() < maxTransactionsPerCommit) {
                    batch.add(pending.poll());
                }
            } finally {
                queueLock.unlock();
            }
            try {
                commitGroup(batch);
            } catch (Throwable t) {
                // Never leave a caller waiting: whatever is still unanswered fails with the error.
                LOG.error("the database writer failed", t);
                for (PendingWrite<?> w : batch) {
                    w.failIfUnanswered(t);
                }
            }
            batch.clear();
        }
        closeQuietly(writer);
    }

    /**
     * Runs the batch in one transaction, each write in its own savepoint, commits once, removes the blobs
     * left unreferenced and answers every caller. Only the commit's fsync makes any of them durable, so no
     * caller hears of success before it.
     */
    private void commitGroup(List<PendingWrite<?>> batch) {
        try (Statement s = writer.createStatement()) {
            try {
                s.execute("BEGIN IMMEDIATE");
            } catch (SQLException e) {
                failAll(batch, translate(e));
                return;
            }
            for (PendingWrite<?> w : batch) {
                if (!runInSavepoint(s, w)) {
                    // SQLite ended the whole transaction (an I/O error, a full disk): nothing of it is kept.
                    rollbackQuietly(s);
                    sweepBlobs(rolledBackBlobs(batch));
                    answerAll(batch, w.failure);
                    return;
                }
            }
            try {
                s.execute("COMMIT");
            } catch (SQLException e) {
                rollbackQuietly(s);
                sweepBlobs(rolledBackBlobs(batch));
                answerAll(batch, translate(e));
                return;
            }
        } catch (SQLException e) {
            // Creating or closing the statement failed; the transaction, if any, did not commit.
            failAll(batch, translate(e));
            return;
        }
        commits.incrementAndGet();
        // Those that left no file to remove are answered at once; the others once their files are gone, so
        // that a caller who expunged a message never finds its file still there.
        Set<ContentId> sweep = new LinkedHashSet<>();
        List<PendingWrite<?>> sweeping = new ArrayList<>();
        for (PendingWrite<?> w : batch) {
            Set<ContentId> own = w.failure == null ? w.tx.blobsToCheck() : w.tx.blobsIfRolledBack();
            if (own.isEmpty()) {
                w.done.complete(null);
            } else {
                sweep.addAll(own);
                sweeping.add(w);
            }
        }
        sweepBlobs(sweep);
        for (PendingWrite<?> w : sweeping) {
            w.done.complete(null);
        }
    }

    /**
     * Runs one write inside {@code SAVEPOINT}; on failure rolls back to it, so the other writes of the group
     * keep theirs, and records the failure for its caller. False if the rollback itself failed, which means
     * the enclosing transaction is gone.
     */
    private boolean runInSavepoint(Statement s, PendingWrite<?> w) {
        try {
            s.execute("SAVEPOINT write");
        } catch (SQLException e) {
            w.failure = translate(e);
            return false;
        }
        try {
            w.run(writer);
            s.execute("RELEASE write");
            return true;
        } catch (Throwable t) {
            w.failure = t instanceof SQLException e ? translate(e) : t;
        }
        try {
            s.execute("ROLLBACK TO write");
            s.execute("RELEASE write");
            return true;
        } catch (SQLException e) {
            LOG.debug("rollback to savepoint failed", e);
            return false;
        }
    }

    /** Every blob the batch's writes stored before their transaction, when none of them committed. */
    private static Set<ContentId> rolledBackBlobs(List<PendingWrite<?>> batch) {
        Set<ContentId> result = new LinkedHashSet<>();
        for (PendingWrite<?> w : batch) {
            if (w.tx != null) {
                result.addAll(w.tx.blobsIfRolledBack());
            }
        }
        return result;
    }

    /** Answers each write of a batch that did not commit: with its own failure, else with {@code cause}. */
    private static void answerAll(List<PendingWrite<?>> batch, Throwable cause) {
        for (PendingWrite<?> w : batch) {
            w.failIfUnanswered(w.failure != null ? w.failure : cause);
        }
    }

    private static void failAll(List<PendingWrite<?>> batch, Throwable cause) {
        for (PendingWrite<?> w : batch) {
            w.failIfUnanswered(cause);
        }
    }

    /**
     * Deletes the given blobs that no content row refers to, or whose row keeps its bytes inline. Runs on the writer thread between group commits
     * and inside a {@code BEGIN IMMEDIATE} transaction, so no append in this or another process can be between
     * "the blob file exists" and "the content row is committed" while we delete.
     */
    private void sweepBlobs(Set<ContentId> candidates) {
        if (candidates.isEmpty()) {
            return;
        }
        try (Statement s = writer.createStatement()) {
            s.execute("BEGIN IMMEDIATE");
            // A content whose bytes are inline needs no file: one left over (written while the limit was lower,
            // or for bytes stored inline in the same group commit) is a second copy.
            try (var q = writer.prepareStatement("SELECT 1 FROM contents c WHERE c.sha = ?"
                    + " AND NOT EXISTS (SELECT 1 FROM content_bytes b WHERE b.sha = c.sha)")) {
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

    /** The failure as the caller's thread throws it: store errors and runtime exceptions as they are. */
    private static RuntimeException rethrowable(Throwable failure) {
        if (failure instanceof RuntimeException e) {
            return e;
        }
        if (failure instanceof Error e) {
            throw e;
        }
        return new StoreError(StoreError.Kind.UNAVAILABLE, "the database is not available", failure);
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

    /**
     * Refuses new writes, lets the writer commit what is already queued (its callers are waiting for an
     * answer), then closes the connections.
     */
    @Override
    public void close() {
        queueLock.lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            queued.signalAll();
        } finally {
            queueLock.unlock();
        }
        if (Thread.currentThread() != writerThread) {
            boolean interrupted = false;
            while (writerThread.isAlive()) {
                try {
                    writerThread.join();
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
        Connection c;
        while ((c = readers.poll()) != null) {
            closeQuietly(c);
        }
    }

    /** One write transaction waiting for, or run by, the writer thread, and its answer. */
    private static final class PendingWrite<T> {
        private final WriteWork<T> work;
        private final CompletableFuture<Void> done = new CompletableFuture<>();
        // Written by the writer thread before done completes, read by the caller after: completion orders them.
        private WriteTx tx;
        private T result;
        private Throwable failure;

        PendingWrite(WriteWork<T> work) {
            this.work = work;
        }

        void run(Connection connection) throws SQLException {
            tx = new WriteTx(connection);
            result = work.run(tx);
        }

        void failIfUnanswered(Throwable cause) {
            if (!done.isDone()) {
                failure = cause;
                done.complete(null);
            }
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
