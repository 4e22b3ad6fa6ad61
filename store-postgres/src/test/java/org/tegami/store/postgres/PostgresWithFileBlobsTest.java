package org.tegami.store.postgres;

import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.tegami.blob.files.FileBlobStore;
import org.tegami.store.MailStore;
import org.tegami.store.contract.MailQueueContract;
import org.tegami.store.contract.MessageStoreContract;
import org.tegami.store.contract.SettableClock;

/** The contracts that touch message bytes, with PostgreSQL metadata and the bytes in files ([blobs] filesystem). */
class PostgresWithFileBlobsTest implements MessageStoreContract, MailQueueContract {

    @TempDir
    Path dir;

    private final SettableClock clock = new SettableClock(CLOCK_START);
    private PostgresTestDatabase database;
    private PostgresMailStore store;

    @BeforeEach
    void open() {
        database = PostgresTestDatabase.create();
        reopenStore();
    }

    private void reopenStore() {
        store = PostgresMailStore.open(database.settings(4), Optional.of(new FileBlobStore(dir.resolve("blobs"))),
                clock, OrphanSweep.defaults());
    }

    @AfterEach
    void close() {
        if (store != null) {
            store.close();
        }
        if (database != null) {
            database.close();
        }
    }

    @Override
    public MailStore store() {
        return store;
    }

    @Override
    public SettableClock clock() {
        return clock;
    }

    @Override
    public void reopen() {
        store.close();
        reopenStore();
    }
}
