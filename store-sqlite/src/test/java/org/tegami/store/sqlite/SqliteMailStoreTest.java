package org.tegami.store.sqlite;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
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

/**
 * The backend contract, run against a fresh SQLite store in a temporary directory for each test, with messages
 * kept in the database (the default limit holds every message of the contract); {@link SqliteFileMailStoreTest}
 * runs it again with every message in a file.
 */
class SqliteMailStoreTest implements AccountDirectoryContract, AliasContract, MailboxTreeContract, MessageStoreContract,
        ChangeFeedContract, MailQueueContract, SentCopyContract, AppPasswordsContract, BlocklistContract,
        ScramCredentialsContract, QuotaContract, AnnotationsContract {

    @TempDir
    Path dir;

    private final SettableClock clock = new SettableClock(CLOCK_START);
    private SqliteMailStore store;

    @BeforeEach
    void open() {
        store = SqliteMailStore.open(dir.resolve("data"), clock, SqliteMailStore.DEFAULT_MAX_TRANSACTIONS_PER_COMMIT,
                inlineMessageMaxBytes());
    }

    /** {@code [store] inline_message_max_bytes} for the stores of this test. */
    int inlineMessageMaxBytes() {
        return SqliteMailStore.DEFAULT_INLINE_MESSAGE_MAX_BYTES;
    }

    @AfterEach
    void close() {
        store.close();
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
        store = SqliteMailStore.open(dir.resolve("data"), clock, SqliteMailStore.DEFAULT_MAX_TRANSACTIONS_PER_COMMIT,
                inlineMessageMaxBytes());
    }
}
