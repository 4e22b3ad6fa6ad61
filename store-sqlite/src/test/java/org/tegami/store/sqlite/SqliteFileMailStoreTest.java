package org.tegami.store.sqlite;

/** The backend contract with {@code inline_message_max_bytes = 0}: every message in a content-addressed file. */
class SqliteFileMailStoreTest extends SqliteMailStoreTest {

    @Override
    int inlineMessageMaxBytes() {
        return 0;
    }
}
