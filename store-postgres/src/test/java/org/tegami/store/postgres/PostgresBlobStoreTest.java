package org.tegami.store.postgres;

import java.time.Clock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.tegami.store.BlobStore;
import org.tegami.store.contract.BlobStoreContract;

/** Blobs in the database ({@code [blobs] backend = "postgres"}) keep the blob store contract. */
class PostgresBlobStoreTest implements BlobStoreContract {
    private PostgresTestDatabase database;
    private Database db;
    private PostgresBlobStore blobs;

    @BeforeEach
    void open() {
        database = PostgresTestDatabase.create();
        db = Database.open(database.settings(2));
        blobs = new PostgresBlobStore(db, Clock.systemUTC());
    }

    @AfterEach
    void close() {
        if (db != null) {
            db.close();
        }
        if (database != null) {
            database.close();
        }
    }

    @Override
    public BlobStore blobStore() {
        return blobs;
    }
}
