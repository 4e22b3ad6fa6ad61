package org.tegami.store.postgres;

import java.sql.SQLException;

/** Work done inside one write transaction; it may run more than once if PostgreSQL reports a deadlock. */
@FunctionalInterface
interface WriteWork<T> {
    T run(WriteTx tx) throws SQLException;
}
