package org.tegami.store.postgres;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.tegami.store.AccountId;
import org.tegami.store.AppPassword;
import org.tegami.store.AppPasswordCredential;
import org.tegami.store.AppPasswordId;
import org.tegami.store.AppPasswords;
import org.tegami.store.LoginProtocol;
import org.tegami.store.StoreError;

/** App passwords in the {@code app_passwords} table; the main-password switch is a column of {@code accounts}. */
final class PostgresAppPasswords implements AppPasswords {
    private static final String COLUMNS = "id, account_id, label, created_at, last_used_at, only_for";

    private final Database db;
    private final Clock clock;

    PostgresAppPasswords(Database db, Clock clock) {
        this.db = db;
        this.clock = clock;
    }

    @Override
    public AppPassword add(AccountId account, String label, String passwordHash, Optional<LoginProtocol> onlyFor) {
        String trimmed = label.strip();
        if (trimmed.isEmpty()) {
            throw new StoreError(StoreError.Kind.CANNOT, "an app password needs a label");
        }
        Instant createdAt = Instant.ofEpochMilli(clock.millis());
        return db.write(tx -> {
            Connection c = tx.connection();
            if (PostgresAccountDirectory.find(c, account.value()).isEmpty()) {
                throw new StoreError(StoreError.Kind.NONEXISTENT, "no such account");
            }
            try (PreparedStatement s = c.prepareStatement("INSERT INTO app_passwords"
                    + " (account_id, label, password_hash, only_for, created_at) VALUES (?, ?, ?, ?, ?)"
                    + " ON CONFLICT (account_id, label) DO NOTHING RETURNING id")) {
                s.setLong(1, account.value());
                s.setString(2, trimmed);
                s.setString(3, passwordHash);
                if (onlyFor.isPresent()) {
                    s.setString(4, onlyFor.get().word());
                } else {
                    s.setNull(4, Types.VARCHAR);
                }
                s.setLong(5, createdAt.toEpochMilli());
                try (ResultSet rs = s.executeQuery()) {
                    if (!rs.next()) {
                        throw new StoreError(StoreError.Kind.ALREADY_EXISTS,
                                "the account already has an app password with this label");
                    }
                    return new AppPassword(new AppPasswordId(rs.getLong(1)), account, trimmed, createdAt,
                            Optional.empty(), onlyFor);
                }
            }
        });
    }

    @Override
    public List<AppPassword> list(AccountId account) {
        return db.read(c -> {
            List<AppPassword> result = new ArrayList<>();
            try (PreparedStatement s = c.prepareStatement(
                    "SELECT " + COLUMNS + " FROM app_passwords WHERE account_id = ? ORDER BY id")) {
                s.setLong(1, account.value());
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        long lastUsed = rs.getLong(5);
                        Optional<Instant> lastUsedAt = rs.wasNull() ? Optional.empty()
                                : Optional.of(Instant.ofEpochMilli(lastUsed));
                        result.add(new AppPassword(new AppPasswordId(rs.getLong(1)), new AccountId(rs.getLong(2)),
                                rs.getString(3), Instant.ofEpochMilli(rs.getLong(4)), lastUsedAt,
                                protocol(rs.getString(6))));
                    }
                }
            }
            return result;
        });
    }

    @Override
    public List<AppPasswordCredential> credentials(AccountId account) {
        return db.read(c -> {
            List<AppPasswordCredential> result = new ArrayList<>();
            try (PreparedStatement s = c.prepareStatement("SELECT id, label, password_hash, only_for"
                    + " FROM app_passwords WHERE account_id = ? ORDER BY id")) {
                s.setLong(1, account.value());
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        result.add(new AppPasswordCredential(new AppPasswordId(rs.getLong(1)), rs.getString(2),
                                rs.getString(3), protocol(rs.getString(4))));
                    }
                }
            }
            return result;
        });
    }

    private static Optional<LoginProtocol> protocol(String column) {
        return column == null ? Optional.empty() : LoginProtocol.fromWord(column);
    }

    @Override
    public boolean delete(AccountId account, AppPasswordId id) {
        return update("DELETE FROM app_passwords WHERE account_id = ? AND id = ?", account, s -> s.setLong(2, id.value()));
    }

    @Override
    public boolean deleteByLabel(AccountId account, String label) {
        return update("DELETE FROM app_passwords WHERE account_id = ? AND label = ?", account,
                s -> s.setString(2, label.strip()));
    }

    private interface Binder {
        void bind(PreparedStatement s) throws SQLException;
    }

    private boolean update(String sql, AccountId account, Binder second) {
        return db.write(tx -> {
            try (PreparedStatement s = tx.connection().prepareStatement(sql)) {
                s.setLong(1, account.value());
                second.bind(s);
                return s.executeUpdate() == 1;
            }
        });
    }

    @Override
    public void markUsed(AppPasswordId id, Instant when) {
        db.write(tx -> {
            try (PreparedStatement s = tx.connection().prepareStatement(
                    "UPDATE app_passwords SET last_used_at = ? WHERE id = ?")) {
                s.setLong(1, when.toEpochMilli());
                s.setLong(2, id.value());
                s.executeUpdate();
            }
            return null;
        });
    }

    @Override
    public boolean mainPasswordRefused(AccountId account) {
        return db.read(c -> {
            try (PreparedStatement s = c.prepareStatement("SELECT main_password_refused FROM accounts WHERE id = ?")) {
                s.setLong(1, account.value());
                try (ResultSet rs = s.executeQuery()) {
                    if (!rs.next()) {
                        throw new StoreError(StoreError.Kind.NONEXISTENT, "no such account");
                    }
                    return rs.getBoolean(1);
                }
            }
        });
    }

    @Override
    public void setMainPasswordRefused(AccountId account, boolean refused) {
        db.write(tx -> {
            try (PreparedStatement s = tx.connection().prepareStatement(
                    "UPDATE accounts SET main_password_refused = ? WHERE id = ?")) {
                s.setBoolean(1, refused);
                s.setLong(2, account.value());
                if (s.executeUpdate() == 0) {
                    throw new StoreError(StoreError.Kind.NONEXISTENT, "no such account");
                }
            }
            return null;
        });
    }
}
