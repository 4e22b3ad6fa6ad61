package org.tegami.store.postgres;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.Optional;
import org.tegami.store.AccountId;
import org.tegami.store.ScramCredentials;
import org.tegami.store.ScramHash;
import org.tegami.store.ScramKeys;
import org.tegami.store.StoreError;

/** SCRAM credentials in the {@code scram_credentials} table; the decoy secret in {@code scram_secret}. */
final class PostgresScramCredentials implements ScramCredentials {

    private final Database db;

    PostgresScramCredentials(Database db) {
        this.db = db;
    }

    @Override
    public Optional<ScramKeys> find(AccountId account, ScramHash hash) {
        return db.read(c -> {
            try (PreparedStatement s = c.prepareStatement("SELECT salt, iterations, stored_key, server_key"
                    + " FROM scram_credentials WHERE account_id = ? AND hash = ?")) {
                s.setLong(1, account.value());
                s.setString(2, hash.name());
                try (ResultSet rs = s.executeQuery()) {
                    if (!rs.next()) {
                        return Optional.empty();
                    }
                    return Optional.of(new ScramKeys(rs.getBytes(1), rs.getInt(2), rs.getBytes(3), rs.getBytes(4)));
                }
            }
        });
    }

    @Override
    public void put(AccountId account, ScramHash hash, ScramKeys keys) {
        db.write(tx -> {
            try (PreparedStatement exists = tx.connection().prepareStatement("SELECT 1 FROM accounts WHERE id = ?")) {
                exists.setLong(1, account.value());
                try (ResultSet rs = exists.executeQuery()) {
                    if (!rs.next()) {
                        throw new StoreError(StoreError.Kind.NONEXISTENT, "no such account");
                    }
                }
            }
            try (PreparedStatement s = tx.connection().prepareStatement("INSERT INTO scram_credentials"
                    + " (account_id, hash, salt, iterations, stored_key, server_key) VALUES (?, ?, ?, ?, ?, ?)"
                    + " ON CONFLICT (account_id, hash) DO UPDATE SET salt = excluded.salt,"
                    + " iterations = excluded.iterations, stored_key = excluded.stored_key,"
                    + " server_key = excluded.server_key")) {
                s.setLong(1, account.value());
                s.setString(2, hash.name());
                s.setBytes(3, keys.salt());
                s.setInt(4, keys.iterations());
                s.setBytes(5, keys.storedKey());
                s.setBytes(6, keys.serverKey());
                s.executeUpdate();
            }
            return null;
        });
    }

    @Override
    public byte[] decoySecret() {
        return db.read(c -> {
            try (PreparedStatement s = c.prepareStatement("SELECT secret FROM scram_secret WHERE id = 1");
                 ResultSet rs = s.executeQuery()) {
                if (!rs.next()) {
                    throw new StoreError(StoreError.Kind.UNAVAILABLE, "the SCRAM decoy secret is missing");
                }
                return rs.getBytes(1);
            }
        });
    }
}
