package org.tegami.store.postgres;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.tegami.store.AccountId;
import org.tegami.store.Mailbox;
import org.tegami.store.MailboxId;
import org.tegami.store.ModSeq;
import org.tegami.store.SpecialUse;
import org.tegami.store.StoreError;
import org.tegami.store.Uid;
import org.tegami.store.UidValidity;

/** One row of {@code mailboxes}, and the statements that read, lock and create them. */
record MailboxRow(
        long id,
        long accountId,
        String name,
        long uidValidity,
        long uidNext,
        long highestModSeq,
        long recentFloorUid,
        Set<SpecialUse> specialUse,
        boolean selectable) {

    /** HIGHESTMODSEQ of a new mailbox: mod-sequences are positive (RFC 7162 §3.1.1), the first change gets 2. */
    static final long INITIAL_MODSEQ = 1;

    private static final String COLUMNS =
            "id, account_id, name, uidvalidity, uidnext, highest_modseq, recent_floor_uid, special_use, selectable";

    Mailbox toMailbox() {
        return new Mailbox(new MailboxId(id), new AccountId(accountId), name, new UidValidity(uidValidity),
                specialUse, selectable);
    }

    ModSeq highest() {
        return new ModSeq(highestModSeq);
    }

    static Optional<MailboxRow> byId(Connection c, long id) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT " + COLUMNS + " FROM mailboxes WHERE id = ?")) {
            s.setLong(1, id);
            return one(s);
        }
    }

    static Optional<MailboxRow> byName(Connection c, long accountId, String name) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(
                "SELECT " + COLUMNS + " FROM mailboxes WHERE account_id = ? AND name = ?")) {
            s.setLong(1, accountId);
            s.setString(2, name);
            return one(s);
        }
    }

    /** A mailbox that can hold messages; {@code NONEXISTENT} if it was deleted or is a placeholder. */
    static MailboxRow selectable(Connection c, MailboxId id) throws SQLException {
        return byId(c, id.value()).filter(MailboxRow::selectable)
                .orElseThrow(() -> new StoreError(StoreError.Kind.NONEXISTENT, "no such mailbox"));
    }

    /**
     * As {@link #selectable}, and locks the row until the transaction ends. Every change to a mailbox's
     * messages takes this lock first, so changes to one mailbox, from any node, run one after the other:
     * the UIDs and MODSEQs each takes are committed in the order they were taken, and a client never sees
     * a UID appear below one it has already seen (RFC 9051 §2.3.1.1).
     */
    static MailboxRow lockSelectable(Connection c, MailboxId id) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT " + COLUMNS + " FROM mailboxes WHERE id = ? FOR UPDATE")) {
            s.setLong(1, id.value());
            return one(s).filter(MailboxRow::selectable)
                    .orElseThrow(() -> new StoreError(StoreError.Kind.NONEXISTENT, "no such mailbox"));
        }
    }

    static List<MailboxRow> ofAccount(Connection c, long accountId) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(
                "SELECT " + COLUMNS + " FROM mailboxes WHERE account_id = ? ORDER BY name COLLATE \"C\"")) {
            s.setLong(1, accountId);
            return all(s);
        }
    }

    /** The mailbox and its inferiors, compared by prefix rather than LIKE so '%' and '_' in names are literal. */
    static List<MailboxRow> selfAndInferiors(Connection c, long accountId, String name) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT " + COLUMNS
                + " FROM mailboxes WHERE account_id = ? AND (name = ? OR left(name, ?) = ?) ORDER BY name COLLATE \"C\"")) {
            s.setLong(1, accountId);
            s.setString(2, name);
            s.setInt(3, name.length() + 1);
            s.setString(4, name + Mailbox.DELIMITER);
            return all(s);
        }
    }

    /** Inserts a new mailbox incarnation with a fresh UIDVALIDITY and returns it. */
    static MailboxRow insert(Connection c, long accountId, String name, Set<SpecialUse> specialUse, boolean selectable)
            throws SQLException {
        long uidValidity = nextUidValidity(c);
        try (PreparedStatement s = c.prepareStatement("INSERT INTO mailboxes (account_id, name, uidvalidity, uidnext,"
                + " highest_modseq, recent_floor_uid, special_use, selectable) VALUES (?, ?, ?, 1, ?, 1, ?, ?)"
                + " RETURNING id")) {
            s.setLong(1, accountId);
            s.setString(2, name);
            s.setLong(3, uidValidity);
            s.setLong(4, INITIAL_MODSEQ);
            s.setString(5, Columns.specialUse(specialUse));
            s.setBoolean(6, selectable);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return new MailboxRow(rs.getLong(1), accountId, name, uidValidity, 1, INITIAL_MODSEQ, 1,
                        specialUse, selectable);
            }
        }
    }

    /**
     * A UIDVALIDITY never handed out before in this database: one more than the last, and at least the
     * current time in seconds so values also differ from those of an earlier, discarded database. The
     * counter row's lock makes two nodes creating mailboxes at once take different values.
     */
    static long nextUidValidity(Connection c) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(
                "UPDATE counters SET value = greatest(value + 1, ?) WHERE name = 'uidvalidity' RETURNING value")) {
            s.setLong(1, Instant.now().getEpochSecond());
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                // RFC 9051 §2.3.1.1: UIDVALIDITY is a 32-bit value; the counter is far from the end until 2106.
                return rs.getLong(1);
            }
        }
    }

    /** Takes the next MODSEQ of a mailbox whose row this transaction has locked. */
    static long nextModSeq(Connection c, MailboxRow box) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("UPDATE mailboxes SET highest_modseq = highest_modseq + 1"
                + " WHERE account_id = ? AND id = ? RETURNING highest_modseq")) {
            s.setLong(1, box.accountId());
            s.setLong(2, box.id());
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    /** Reserves {@code count} consecutive UIDs of a mailbox whose row this transaction has locked; returns the first. */
    static long allocateUids(Connection c, MailboxRow box, int count) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("UPDATE mailboxes SET uidnext = uidnext + ?"
                + " WHERE account_id = ? AND id = ? RETURNING uidnext")) {
            s.setInt(1, count);
            s.setLong(2, box.accountId());
            s.setLong(3, box.id());
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                long next = rs.getLong(1);
                // RFC 9051 §2.3.1.1: UIDs are 32-bit; running out would need a new UIDVALIDITY, which we refuse.
                if (next - 1 > Uid.MAX) {
                    throw new StoreError(StoreError.Kind.OVER_QUOTA, "the mailbox has run out of UIDs");
                }
                return next - count;
            }
        }
    }

    private static Optional<MailboxRow> one(PreparedStatement s) throws SQLException {
        try (ResultSet rs = s.executeQuery()) {
            return rs.next() ? Optional.of(read(rs)) : Optional.empty();
        }
    }

    private static List<MailboxRow> all(PreparedStatement s) throws SQLException {
        List<MailboxRow> rows = new ArrayList<>();
        try (ResultSet rs = s.executeQuery()) {
            while (rs.next()) {
                rows.add(read(rs));
            }
        }
        return rows;
    }

    private static MailboxRow read(ResultSet rs) throws SQLException {
        return new MailboxRow(rs.getLong(1), rs.getLong(2), rs.getString(3), rs.getLong(4), rs.getLong(5),
                rs.getLong(6), rs.getLong(7), Columns.specialUse(rs.getString(8)), rs.getBoolean(9));
    }
}
