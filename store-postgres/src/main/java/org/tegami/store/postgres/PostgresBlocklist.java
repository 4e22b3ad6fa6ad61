package org.tegami.store.postgres;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.tegami.store.BlockedAddress;
import org.tegami.store.Blocklist;
import org.tegami.store.StoreError;

/** Blocked client addresses in the {@code blocked_addresses} table. */
final class PostgresBlocklist implements Blocklist {

    private final Database db;
    private final Clock clock;

    PostgresBlocklist(Database db, Clock clock) {
        this.db = db;
        this.clock = clock;
    }

    /** The address's key: its literal text without an IPv6 scope, so one address always gives one row. */
    private static String key(InetAddress address) {
        try {
            return InetAddress.getByAddress(address.getAddress()).getHostAddress();
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("not an IP address: " + address, e);
        }
    }

    private static InetAddress address(String key) {
        try {
            // A literal, so no name lookup happens.
            return InetAddress.getByName(key);
        } catch (UnknownHostException e) {
            throw new StoreError(StoreError.Kind.UNAVAILABLE, "a stored blocked address is damaged", e);
        }
    }

    @Override
    public void block(InetAddress address, Instant until, String reason) {
        long now = clock.millis();
        db.write(tx -> {
            try (PreparedStatement prune = tx.connection().prepareStatement(
                            "DELETE FROM blocked_addresses WHERE until <= ?");
                    PreparedStatement s = tx.connection().prepareStatement("INSERT INTO blocked_addresses"
                            + " (address, since, until, reason) VALUES (?, ?, ?, ?) ON CONFLICT (address)"
                            + " DO UPDATE SET since = excluded.since, until = excluded.until, reason = excluded.reason")) {
                // Expired rows are removed here, where a write happens anyway, so the table stays small.
                prune.setLong(1, now);
                prune.executeUpdate();
                s.setString(1, key(address));
                s.setLong(2, now);
                s.setLong(3, until.toEpochMilli());
                s.setString(4, reason);
                s.executeUpdate();
            }
            return null;
        });
    }

    @Override
    public boolean unblock(InetAddress address) {
        long now = clock.millis();
        return db.write(tx -> {
            try (PreparedStatement s = tx.connection().prepareStatement(
                    "DELETE FROM blocked_addresses WHERE address = ? RETURNING until")) {
                s.setString(1, key(address));
                try (ResultSet rs = s.executeQuery()) {
                    return rs.next() && rs.getLong(1) > now;
                }
            }
        });
    }

    @Override
    public List<BlockedAddress> list(Instant now) {
        return db.read(c -> {
            List<BlockedAddress> result = new ArrayList<>();
            try (PreparedStatement s = c.prepareStatement("SELECT address, since, until, reason"
                    + " FROM blocked_addresses WHERE until > ? ORDER BY address COLLATE \"C\"")) {
                s.setLong(1, now.toEpochMilli());
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        result.add(new BlockedAddress(address(rs.getString(1)), Instant.ofEpochMilli(rs.getLong(2)),
                                Instant.ofEpochMilli(rs.getLong(3)), rs.getString(4)));
                    }
                }
            }
            return result;
        });
    }

    @Override
    public boolean isBlocked(InetAddress address, Instant now) {
        return db.read(c -> {
            try (PreparedStatement s = c.prepareStatement(
                    "SELECT 1 FROM blocked_addresses WHERE address = ? AND until > ?")) {
                s.setString(1, key(address));
                s.setLong(2, now.toEpochMilli());
                try (ResultSet rs = s.executeQuery()) {
                    return rs.next();
                }
            }
        });
    }
}
