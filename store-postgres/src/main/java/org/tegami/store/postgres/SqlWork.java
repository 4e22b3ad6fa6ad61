package org.tegami.store.postgres;

import java.sql.Connection;
import java.sql.SQLException;

/** Work done inside one read transaction. */
@FunctionalInterface
interface SqlWork<T> {
    T run(Connection connection) throws SQLException;
}
