package org.tegami.store.sqlite;

import java.sql.SQLException;

/** Work done inside one write transaction. */
@FunctionalInterface
interface WriteWork<T> {
    T run(WriteTx tx) throws SQLException;
}
