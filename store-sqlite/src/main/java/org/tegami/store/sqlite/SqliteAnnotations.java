package org.tegami.store.sqlite;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.tegami.store.AccountId;
import org.tegami.store.Annotation;
import org.tegami.store.Annotations;
import org.tegami.store.MailboxChange;
import org.tegami.store.MailboxId;
import org.tegami.store.StoreError;

/**
 * Metadata entries (RFC 5464) in {@code mailbox_annotations} and {@code server_annotations}. A set runs in one
 * write transaction under SQLite's single write lock, so its count check sees every other committed entry and
 * no other set can come between the check and the commit.
 */
final class SqliteAnnotations implements Annotations {

    private final Database db;

    SqliteAnnotations(Database db) {
        this.db = db;
    }

    @Override
    public List<Annotation> entries(AccountId account, Optional<MailboxId> mailbox) {
        return db.read(c -> {
            checkOwner(c, account, mailbox);
            return read(c, account, mailbox);
        });
    }

    @Override
    public void set(AccountId account, Optional<MailboxId> mailbox, Map<String, Optional<byte[]>> values,
                    int maxEntries) {
        values.keySet().forEach(Annotation::scopeOf);
        db.write(tx -> {
            Connection c = tx.connection();
            checkOwner(c, account, mailbox);
            long before = count(c, account, mailbox);
            for (Map.Entry<String, Optional<byte[]>> e : values.entrySet()) {
                Annotation.Scope scope = Annotation.scopeOf(e.getKey());
                String path = e.getKey().substring(scope.prefix().length());
                int removed = delete(c, account, mailbox, scope, path);
                if (e.getValue().isPresent()) {
                    insert(c, account, mailbox, scope, path, e.getValue().get());
                }
                if (e.getValue().isPresent() || removed > 0) {
                    tx.publish(new MailboxChange.MetadataChanged(account, mailbox, e.getKey()));
                }
            }
            long after = count(c, account, mailbox);
            // RFC 5464 §4.3: TOOMANY refuses a new entry once the limit is reached; replacing or removing entries
            // of a mailbox already at (or, after a lowered limit, over) it stays possible.
            if (after > maxEntries && after > before) {
                throw new StoreError(StoreError.Kind.TOO_MANY, "at most " + maxEntries + " metadata entries");
            }
            return null;
        });
    }

    /** {@code NONEXISTENT} unless the account exists and, when named, the mailbox is one of its own. */
    private static void checkOwner(Connection c, AccountId account, Optional<MailboxId> mailbox) throws SQLException {
        String sql = mailbox.isPresent() ? "SELECT 1 FROM mailboxes WHERE id = ? AND account_id = ?"
                : "SELECT 1 FROM accounts WHERE id = ?";
        try (PreparedStatement s = c.prepareStatement(sql)) {
            if (mailbox.isPresent()) {
                s.setLong(1, mailbox.get().value());
                s.setLong(2, account.value());
            } else {
                s.setLong(1, account.value());
            }
            try (ResultSet rs = s.executeQuery()) {
                if (!rs.next()) {
                    throw new StoreError(StoreError.Kind.NONEXISTENT, "no such mailbox");
                }
            }
        }
    }

    private static List<Annotation> read(Connection c, AccountId account, Optional<MailboxId> mailbox)
            throws SQLException {
        List<Annotation> entries = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement(mailbox.isPresent()
                ? "SELECT scope, path, value FROM mailbox_annotations WHERE mailbox_id = ? AND account_id = ?"
                : "SELECT scope, path, value FROM server_annotations WHERE account_id = ?")) {
            bind(s, account, mailbox);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    Annotation.Scope scope = Annotation.Scope.valueOf(rs.getString(1).toUpperCase(Locale.ROOT));
                    byte[] value = rs.getBytes(3);
                    entries.add(new Annotation(scope.prefix() + rs.getString(2), value == null ? new byte[0] : value));
                }
            }
        }
        entries.sort(Comparator.comparing(Annotation::entry));
        return entries;
    }

    private static long count(Connection c, AccountId account, Optional<MailboxId> mailbox) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(mailbox.isPresent()
                ? "SELECT count(*) FROM mailbox_annotations WHERE mailbox_id = ? AND account_id = ?"
                : "SELECT count(*) FROM server_annotations WHERE account_id = ?")) {
            bind(s, account, mailbox);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private static int delete(Connection c, AccountId account, Optional<MailboxId> mailbox, Annotation.Scope scope,
                              String path) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(mailbox.isPresent()
                ? "DELETE FROM mailbox_annotations WHERE mailbox_id = ? AND account_id = ? AND scope = ? AND path = ?"
                : "DELETE FROM server_annotations WHERE account_id = ? AND scope = ? AND path = ?")) {
            int next = bind(s, account, mailbox);
            s.setString(next, column(scope));
            s.setString(next + 1, path);
            return s.executeUpdate();
        }
    }

    private static void insert(Connection c, AccountId account, Optional<MailboxId> mailbox, Annotation.Scope scope,
                               String path, byte[] value) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(mailbox.isPresent()
                ? "INSERT INTO mailbox_annotations (mailbox_id, account_id, scope, path, value) VALUES (?, ?, ?, ?, ?)"
                : "INSERT INTO server_annotations (account_id, scope, path, value) VALUES (?, ?, ?, ?)")) {
            int next = bind(s, account, mailbox);
            s.setString(next, column(scope));
            s.setString(next + 1, path);
            s.setBytes(next + 2, value);
            s.executeUpdate();
        }
    }

    /** Binds the mailbox (if any) and the account; returns the next parameter index. */
    private static int bind(PreparedStatement s, AccountId account, Optional<MailboxId> mailbox) throws SQLException {
        int i = 1;
        if (mailbox.isPresent()) {
            s.setLong(i++, mailbox.get().value());
        }
        s.setLong(i++, account.value());
        return i;
    }

    private static String column(Annotation.Scope scope) {
        return scope.name().toLowerCase(Locale.ROOT);
    }
}
