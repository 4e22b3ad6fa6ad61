package org.tegami.store.postgres;

import java.util.Objects;

/**
 * Where the PostgreSQL database is and how many connections a node keeps to it.
 *
 * @param url      a pgjdbc URL, {@code jdbc:postgresql://host:port/database}
 * @param poolSize connections in this node's pool (the change feed holds one more of its own)
 */
public record PostgresSettings(String url, String user, String password, int poolSize) {
    public PostgresSettings {
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(password, "password");
        if (!url.startsWith("jdbc:postgresql:")) {
            throw new IllegalArgumentException("not a PostgreSQL JDBC URL: it must start with jdbc:postgresql:");
        }
        if (poolSize < 1) {
            throw new IllegalArgumentException("the pool needs at least one connection");
        }
    }

    /** Keeps the password out of logs and exception messages. */
    @Override
    public String toString() {
        return "PostgresSettings[" + url + ", user=" + user + ", poolSize=" + poolSize + "]";
    }
}
