package org.tegami.store.postgres;

import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.tegami.store.MailStore;
import org.tegami.store.contract.AccountDirectoryContract;
import org.tegami.store.contract.AliasContract;
import org.tegami.store.contract.AnnotationsContract;
import org.tegami.store.contract.AppPasswordsContract;
import org.tegami.store.contract.BlocklistContract;
import org.tegami.store.contract.ChangeFeedContract;
import org.tegami.store.contract.MailQueueContract;
import org.tegami.store.contract.MailboxTreeContract;
import org.tegami.store.contract.MessageStoreContract;
import org.tegami.store.contract.QuotaContract;
import org.tegami.store.contract.ScramCredentialsContract;
import org.tegami.store.contract.SentCopyContract;
import org.tegami.store.contract.SettableClock;

/** The backend contract, run against a PostgreSQL store in a fresh schema for each test, blobs in the database. */
class PostgresMailStoreTest implements AccountDirectoryContract, AliasContract, MailboxTreeContract,
        MessageStoreContract, ChangeFeedContract, MailQueueContract, SentCopyContract, AppPasswordsContract,
        BlocklistContract, ScramCredentialsContract, QuotaContract, AnnotationsContract {

    private final SettableClock clock = new SettableClock(CLOCK_START);
    private PostgresTestDatabase database;
    private PostgresMailStore store;

    @BeforeEach
    void open() {
        database = PostgresTestDatabase.create();
        store = PostgresMailStore.open(database.settings(4), Optional.empty(), clock, OrphanSweep.defaults());
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
        store = PostgresMailStore.open(database.settings(4), Optional.empty(), clock, OrphanSweep.defaults());
    }
}
