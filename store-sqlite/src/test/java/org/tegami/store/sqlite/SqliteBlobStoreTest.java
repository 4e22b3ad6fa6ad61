package org.tegami.store.sqlite;

import java.nio.file.Path;
import java.time.Clock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.tegami.store.BlobStore;
import org.tegami.store.contract.BlobStoreContract;

/**
 * The blob contract on the SQLite store's view of message bytes (inline bytes first, then files), as callers
 * of {@code MailStore.blobs()} use it; {@link InlineContentTest} covers the bytes kept in the database.
 */
class SqliteBlobStoreTest implements BlobStoreContract {

    @TempDir
    Path dir;

    private SqliteMailStore store;

    @BeforeEach
    void open() {
        store = SqliteMailStore.open(dir.resolve("data"), Clock.systemUTC());
    }

    @AfterEach
    void close() {
        store.close();
    }

    @Override
    public BlobStore blobStore() {
        return store.blobs();
    }
}
