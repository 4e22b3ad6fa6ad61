package org.tegami.server;

import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;
import org.tegami.blob.files.FileBlobStore;
import org.tegami.blob.s3.S3BlobStore;
import org.tegami.blob.s3.S3Location;
import org.tegami.store.BlobStore;
import org.tegami.store.MailStore;
import org.tegami.store.StoreError;
import org.tegami.store.postgres.OrphanSweep;
import org.tegami.store.postgres.PostgresMailStore;
import org.tegami.store.postgres.PostgresSettings;
import org.tegami.store.sqlite.SqliteMailStore;

/**
 * The store and blob store {@code [store]} and {@code [blobs]} name, built by hand: SQLite with message
 * files in the data directory (the default), or PostgreSQL with the message bytes in files (on a file
 * system every node shares), in the database, or in S3-compatible object storage. A database that cannot
 * be reached, or whose schema is newer than this build, stops the command with a message saying so.
 */
public final class ConfiguredStores implements StoreOpener {
    private final Clock clock;

    public ConfiguredStores(Clock clock) {
        this.clock = clock;
    }

    @Override
    public MailStore open(Path dataDir) {
        return SqliteMailStore.open(dataDir, clock);
    }

    @Override
    public MailStore open(TegamiConfig config) {
        StorageConfig storage = config.storage();
        return switch (storage.backend()) {
            case SQLITE -> SqliteMailStore.open(config.dataDir(), clock, storage.maxTransactionsPerCommit(),
                    storage.inlineMessageMaxBytes());
            case POSTGRES -> openPostgres(config, storage.postgres().orElseThrow());
        };
    }

    private MailStore openPostgres(TegamiConfig config, StorageConfig.Postgres postgres) {
        StorageConfig storage = config.storage();
        Optional<BlobStore> blobs = blobStore(config);
        try {
            return PostgresMailStore.open(new PostgresSettings(postgres.url(), postgres.user(), postgres.password(),
                    postgres.poolSize()), blobs, clock, new OrphanSweep(storage.orphanGrace(),
                    storage.orphanSweepInterval()));
        } catch (StoreError e) {
            closeQuietly(blobs);
            throw switch (e.kind()) {
                case UNAVAILABLE -> new CommandFailure("cannot use the PostgreSQL store at " + postgres.url() + ": "
                        + e.getMessage() + " (check [store] url, user and password, and that the database is up)");
                case SCHEMA_TOO_NEW -> new CommandFailure("the PostgreSQL store at " + postgres.url() + " was set up by a"
                        + " newer Tegami: " + e.getMessage());
                default -> e;
            };
        } catch (RuntimeException e) {
            closeQuietly(blobs);
            throw e;
        }
    }

    /** The blob store {@code [blobs]} names; empty for blobs kept in the PostgreSQL database itself. */
    static Optional<BlobStore> blobStore(TegamiConfig config) {
        StorageConfig storage = config.storage();
        return switch (storage.blobs()) {
            case FILESYSTEM -> Optional.of(new FileBlobStore(
                    storage.blobDirectory().orElse(config.dataDir().resolve("blobs"))));
            case POSTGRES -> Optional.empty();
            case S3 -> Optional.of(s3(storage.s3().orElseThrow()));
        };
    }

    /** The object storage, checked before anything is served: a wrong bucket or key stops the command here. */
    private static S3BlobStore s3(StorageConfig.S3 s3) {
        S3BlobStore store = new S3BlobStore(new S3Location(s3.endpoint(), s3.bucket(), s3.region(), s3.accessKey(),
                s3.secretKey()));
        try {
            store.verifyBucket();
            return store;
        } catch (StoreError e) {
            store.close();
            throw new CommandFailure("cannot use the bucket " + s3.bucket() + " at " + s3.endpoint()
                    + " for message bytes (check [blobs] endpoint, bucket, region, access_key and secret_key, and"
                    + " that the object storage is up)");
        }
    }

    private static void closeQuietly(Optional<BlobStore> blobs) {
        if (blobs.isPresent() && blobs.get() instanceof AutoCloseable closeable) {
            try {
                closeable.close();
            } catch (Exception ignored) {
                // Already failing; the original error is the one to report.
            }
        }
    }
}
