package org.tegami.store.sqlite;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;
import org.tegami.store.Quota;
import org.tegami.store.QuotaUsage;
import org.tegami.store.StoreError;

/**
 * Quota limits and usage (RFC 9208), read and checked inside the caller's transaction. Every write runs under
 * SQLite's single write lock, one after the other even within a group commit (each in its savepoint of the
 * one transaction, seeing the writes of those before it), so a check made after the rows are added sees every
 * other addition that commits before or with it, and none can come between it and the commit: two appends
 * cannot both take the last free byte.
 */
final class Quotas {
    private Quotas() {
    }

    /** The account's own quota, or its default; {@code NONEXISTENT} if the account is gone. */
    static Quota effective(Connection c, long accountId) throws SQLException {
        return own(c, accountId).orElse(defaultQuota(c));
    }

    static Optional<Quota> own(Connection c, long accountId) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(
                "SELECT quota_storage, quota_messages FROM accounts WHERE id = ?")) {
            s.setLong(1, accountId);
            try (ResultSet rs = s.executeQuery()) {
                if (!rs.next()) {
                    throw new StoreError(StoreError.Kind.NONEXISTENT, "no such account");
                }
                long storage = rs.getLong(1);
                if (rs.wasNull()) {
                    return Optional.empty();
                }
                return Optional.of(new Quota(storage, rs.getLong(2)));
            }
        }
    }

    static Quota defaultQuota(Connection c) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT storage, messages FROM quota_default WHERE id = 1");
                ResultSet rs = s.executeQuery()) {
            return rs.next() ? new Quota(rs.getLong(1), rs.getLong(2)) : Quota.UNLIMITED;
        }
    }

    static QuotaUsage usage(Connection c, long accountId) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT count(*), coalesce(sum(m.size), 0) FROM messages m"
                + " JOIN mailboxes b ON m.mailbox_id = b.id WHERE b.account_id = ?")) {
            s.setLong(1, accountId);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return new QuotaUsage(rs.getLong(2), rs.getLong(1));
            }
        }
    }

    /**
     * Called after a transaction added {@code addedBytes} and {@code addedMessages} to the account: fails with
     * {@code OVER_QUOTA} (RFC 9208 §4.1), rolling it back, if the usage now exceeds a limit that the addition
     * grew. An account already over a lowered limit may still remove or replace messages with smaller ones.
     */
    static void check(Connection c, long accountId, long addedBytes, long addedMessages) throws SQLException {
        Quota quota = effective(c, accountId);
        if (!quota.limitsStorage() && !quota.limitsMessages()) {
            return;
        }
        QuotaUsage usage = usage(c, accountId);
        if (quota.limitsStorage() && addedBytes > 0 && usage.storageBytes() > quota.storageBytes()) {
            throw new StoreError(StoreError.Kind.OVER_QUOTA, "the account's storage quota is exceeded");
        }
        if (quota.limitsMessages() && addedMessages > 0 && usage.messages() > quota.messages()) {
            throw new StoreError(StoreError.Kind.OVER_QUOTA, "the account's message quota is exceeded");
        }
    }
}
