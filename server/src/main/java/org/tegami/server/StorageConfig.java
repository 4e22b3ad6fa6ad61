package org.tegami.server;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * Where mail is kept: {@code [store]} (the metadata: SQLite in the data directory, or a PostgreSQL
 * database shared by several nodes) and {@code [blobs]} (the message bytes: files, the PostgreSQL
 * database, or S3-compatible object storage).
 *
 * @param postgres      the database, present exactly when {@code backend} is {@code POSTGRES}
 * @param blobDirectory where the filesystem blob store keeps files; empty means {@code blobs/} in the data
 *                      directory (with several nodes it must be a file system they all share)
 * @param s3            the object storage, present exactly when {@code blobs} is {@code S3}
 * @param orphanGrace   how old an unreferenced blob must be before the sweep removes it
 * @param orphanSweepInterval how often the sweep runs
 * @param defaultQuota  {@code [quota]}: the limits of every account without its own (RFC 9208); the server
 *                      stores them at start, so the CLI and every node see the same default
 * @param maxTransactionsPerCommit with SQLite: how many waiting write transactions one commit (one fsync of
 *                      the write-ahead log) may hold, {@code [store] max_transactions_per_commit}
 * @param inlineMessageMaxBytes with SQLite: the largest message kept inside the database, written with its row
 *                      so that storing it costs only the commit's fsync; 0 keeps every message in a file,
 *                      {@code [store] inline_message_max_bytes}
 */
public record StorageConfig(Backend backend, Optional<Postgres> postgres, BlobBackend blobs,
                            Optional<Path> blobDirectory, Optional<S3> s3, Duration orphanGrace,
                            Duration orphanSweepInterval, org.tegami.store.Quota defaultQuota,
                            int maxTransactionsPerCommit, int inlineMessageMaxBytes) {

    /** With the default size of messages kept inside the SQLite database. */
    public StorageConfig(Backend backend, Optional<Postgres> postgres, BlobBackend blobs,
                         Optional<Path> blobDirectory, Optional<S3> s3, Duration orphanGrace,
                         Duration orphanSweepInterval, org.tegami.store.Quota defaultQuota,
                         int maxTransactionsPerCommit) {
        this(backend, postgres, blobs, blobDirectory, s3, orphanGrace, orphanSweepInterval, defaultQuota,
                maxTransactionsPerCommit, DEFAULT_INLINE_MESSAGE_MAX_BYTES);
    }

    /** With the default number of write transactions per SQLite commit. */
    public StorageConfig(Backend backend, Optional<Postgres> postgres, BlobBackend blobs,
                         Optional<Path> blobDirectory, Optional<S3> s3, Duration orphanGrace,
                         Duration orphanSweepInterval, org.tegami.store.Quota defaultQuota) {
        this(backend, postgres, blobs, blobDirectory, s3, orphanGrace, orphanSweepInterval, defaultQuota,
                DEFAULT_MAX_TRANSACTIONS_PER_COMMIT);
    }

    /** Without a default quota: accounts without their own are unlimited. */
    public StorageConfig(Backend backend, Optional<Postgres> postgres, BlobBackend blobs,
                         Optional<Path> blobDirectory, Optional<S3> s3, Duration orphanGrace,
                         Duration orphanSweepInterval) {
        this(backend, postgres, blobs, blobDirectory, s3, orphanGrace, orphanSweepInterval,
                org.tegami.store.Quota.UNLIMITED);
    }

    public static final int DEFAULT_POOL_SIZE = 20;
    public static final int DEFAULT_MAX_TRANSACTIONS_PER_COMMIT =
            org.tegami.store.sqlite.SqliteMailStore.DEFAULT_MAX_TRANSACTIONS_PER_COMMIT;
    /** The most {@code max_transactions_per_commit} may be: beyond it a commit only delays its first callers. */
    public static final int MAX_TRANSACTIONS_PER_COMMIT = 10_000;
    public static final int DEFAULT_INLINE_MESSAGE_MAX_BYTES =
            org.tegami.store.sqlite.SqliteMailStore.DEFAULT_INLINE_MESSAGE_MAX_BYTES;
    /**
     * The most {@code inline_message_max_bytes} may be: every inline message passes through the write-ahead log
     * of its group commit, so beyond a few MiB files cost less than the log.
     */
    public static final int MAX_INLINE_MESSAGE_BYTES = 16 * 1024 * 1024;
    public static final String DEFAULT_S3_REGION = "us-east-1";
    public static final Duration DEFAULT_ORPHAN_GRACE = Duration.ofHours(1);
    public static final Duration DEFAULT_ORPHAN_SWEEP_INTERVAL = Duration.ofHours(1);

    public static final StorageConfig DEFAULT = new StorageConfig(Backend.SQLITE, Optional.empty(),
            BlobBackend.FILESYSTEM, Optional.empty(), Optional.empty(), DEFAULT_ORPHAN_GRACE,
            DEFAULT_ORPHAN_SWEEP_INTERVAL);

    /** The {@code [store] backend} values. */
    public enum Backend {
        SQLITE, POSTGRES
    }

    /** The {@code [blobs] backend} values. */
    public enum BlobBackend {
        FILESYSTEM, POSTGRES, S3
    }

    /** {@code [store]} for PostgreSQL: a pgjdbc URL, the login, and this node's connection pool size. */
    public record Postgres(String url, String user, String password, int poolSize) {
        /** Keeps the password out of logs and error messages. */
        @Override
        public String toString() {
            return "Postgres[" + url + ", user=" + user + ", poolSize=" + poolSize + "]";
        }
    }

    /** {@code [blobs]} for S3-compatible object storage. */
    public record S3(URI endpoint, String bucket, String region, String accessKey, String secretKey) {
        /** Keeps the secret key out of logs and error messages. */
        @Override
        public String toString() {
            return "S3[" + endpoint + ", bucket=" + bucket + ", region=" + region + "]";
        }
    }
}
