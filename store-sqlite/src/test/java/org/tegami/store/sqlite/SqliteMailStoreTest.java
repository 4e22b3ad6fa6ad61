package org.tegami.store.sqlite;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.tegami.store.MailStore;
import org.tegami.store.contract.AccountDirectoryContract;
import org.tegami.store.contract.AliasContract;
import org.tegami.store.contract.ChangeFeedContract;
import org.tegami.store.contract.MailboxTreeContract;
import org.tegami.store.contract.MessageStoreContract;

/** The backend contract, run against a fresh SQLite store in a temporary directory for each test. */
class SqliteMailStoreTest
        implements AccountDirectoryContract, AliasContract, MailboxTreeContract, MessageStoreContract, ChangeFeedContract {

    @TempDir
    Path dir;

    private SqliteMailStore store;

    @BeforeEach
    void open() {
        store = SqliteMailStore.open(dir.resolve("data"));
    }

    @AfterEach
    void close() {
        store.close();
    }

    @Override
    public MailStore store() {
        return store;
    }
}
