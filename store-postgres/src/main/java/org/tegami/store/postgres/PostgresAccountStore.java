package org.tegami.store.postgres;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.tegami.store.AccountId;
import org.tegami.store.AccountStore;
import org.tegami.store.Flags;
import org.tegami.store.Mailbox;
import org.tegami.store.MailboxName;
import org.tegami.store.MailboxChange;
import org.tegami.store.MailboxId;
import org.tegami.store.MailboxStatus;
import org.tegami.store.ModSeq;
import org.tegami.store.SpecialUse;
import org.tegami.store.StoreError;
import org.tegami.store.UidValidity;

/**
 * The mailbox tree, subscriptions and counters in the {@code mailboxes} and {@code subscriptions} tables.
 * Every change to the tree locks the account row first, so two nodes changing one account take turns.
 */
final class PostgresAccountStore implements AccountStore {
    private final Database db;

    PostgresAccountStore(Database db) {
        this.db = db;
    }

    @Override
    public List<Mailbox> listMailboxes(AccountId account) {
        return db.read(c -> MailboxRow.ofAccount(c, account.value()).stream().map(MailboxRow::toMailbox).toList());
    }

    @Override
    public Optional<Mailbox> findMailbox(AccountId account, String name) {
        String normalized = MailboxName.normalize(name);
        return db.read(c -> MailboxRow.byName(c, account.value(), normalized).map(MailboxRow::toMailbox));
    }

    @Override
    public Mailbox createMailbox(AccountId account, String name, Set<SpecialUse> specialUse) {
        String normalized = MailboxName.validated(name);
        return db.write(tx -> {
            requireAccount(tx.connection(), account);
            return MailboxTree.create(tx, account.value(), normalized, specialUse).toMailbox();
        });
    }

    @Override
    public void deleteMailbox(AccountId account, String name) {
        String normalized = MailboxName.normalize(name);
        db.write(tx -> {
            requireAccount(tx.connection(), account);
            MailboxTree.delete(tx, account.value(), normalized);
            return null;
        });
    }

    @Override
    public void renameMailbox(AccountId account, String from, String to) {
        String source = MailboxName.normalize(from);
        String target = MailboxName.validated(to);
        db.write(tx -> {
            requireAccount(tx.connection(), account);
            MailboxTree.rename(tx, account.value(), source, target);
            return null;
        });
    }

    @Override
    public void subscribe(AccountId account, String name) {
        String normalized = MailboxName.validated(name);
        db.write(tx -> {
            requireAccount(tx.connection(), account);
            try (PreparedStatement s = tx.connection().prepareStatement(
                    "INSERT INTO subscriptions (account_id, name) VALUES (?, ?) ON CONFLICT DO NOTHING")) {
                s.setLong(1, account.value());
                s.setString(2, normalized);
                if (s.executeUpdate() == 1) {
                    tx.publish(new MailboxChange.MailboxListChanged(account));
                }
            }
            return null;
        });
    }

    @Override
    public void unsubscribe(AccountId account, String name) {
        String normalized = MailboxName.normalize(name);
        db.write(tx -> {
            try (PreparedStatement s = tx.connection().prepareStatement(
                    "DELETE FROM subscriptions WHERE account_id = ? AND name = ?")) {
                s.setLong(1, account.value());
                s.setString(2, normalized);
                if (s.executeUpdate() == 0) {
                    throw new StoreError(StoreError.Kind.NONEXISTENT, "the name is not subscribed");
                }
            }
            tx.publish(new MailboxChange.MailboxListChanged(account));
            return null;
        });
    }

    @Override
    public List<String> subscriptions(AccountId account) {
        return db.read(c -> {
            List<String> result = new ArrayList<>();
            try (PreparedStatement s = c.prepareStatement(
                    "SELECT name FROM subscriptions WHERE account_id = ? ORDER BY name COLLATE \"C\"")) {
                s.setLong(1, account.value());
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        result.add(rs.getString(1));
                    }
                }
            }
            return result;
        });
    }

    @Override
    public MailboxStatus status(MailboxId mailbox) {
        return db.read(c -> {
            MailboxRow row = MailboxRow.selectable(c, mailbox);
            try (PreparedStatement s = c.prepareStatement("SELECT count(*),"
                    + " count(*) FILTER (WHERE strpos(' ' || flags || ' ', ?) = 0),"
                    + " count(*) FILTER (WHERE strpos(' ' || flags || ' ', ?) > 0),"
                    + " coalesce(sum(size), 0),"
                    + " count(*) FILTER (WHERE uid >= ?)"
                    + " FROM messages WHERE account_id = ? AND mailbox_id = ?")) {
                s.setString(1, Columns.flagPattern(Flags.SEEN));
                s.setString(2, Columns.flagPattern(Flags.DELETED));
                s.setLong(3, row.recentFloorUid());
                s.setLong(4, row.accountId());
                s.setLong(5, row.id());
                try (ResultSet rs = s.executeQuery()) {
                    rs.next();
                    return new MailboxStatus(rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getLong(4),
                            rs.getLong(5), row.uidNext(), new UidValidity(row.uidValidity()),
                            new ModSeq(row.highestModSeq()));
                }
            }
        });
    }

    private static void requireAccount(Connection c, AccountId account) throws SQLException {
        MailboxTree.lockAccount(c, account.value());
    }
}
