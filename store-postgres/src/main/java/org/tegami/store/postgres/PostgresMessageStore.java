package org.tegami.store.postgres;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.tegami.message.StructureCodec;
import org.tegami.store.AccountId;
import org.tegami.store.Appended;
import org.tegami.store.BlobStore;
import org.tegami.store.ContentId;
import org.tegami.store.Copied;
import org.tegami.store.FlagUpdate;
import org.tegami.store.Flags;
import org.tegami.store.FlagsUpdated;
import org.tegami.store.MailboxChange;
import org.tegami.store.MailboxDelta;
import org.tegami.store.MailboxId;
import org.tegami.store.MailboxSnapshot;
import org.tegami.store.MessageRecord;
import org.tegami.store.MessageStore;
import org.tegami.store.MessageSummary;
import org.tegami.store.MessageText;
import org.tegami.store.ModSeq;
import org.tegami.store.NewMessage;
import org.tegami.store.Replaced;
import org.tegami.store.SortDate;
import org.tegami.store.StoreError;
import org.tegami.store.TextPart;
import org.tegami.store.Uid;
import org.tegami.store.UidValidity;

/**
 * Messages in the {@code messages}, {@code expunged} and {@code contents} tables. Every change locks its
 * mailbox row first (see {@link MailboxRow#lockSelectable}) and names the account in every statement, so
 * it touches one account's rows only. The clock dates when a message was added ({@code added_at}), which is
 * also its save date (RFC 8514).
 */
final class PostgresMessageStore implements MessageStore {
    private static final String FLAG_ABSENT = "strpos(' ' || flags || ' ', ?) = 0";
    private static final String FLAG_PRESENT = "strpos(' ' || flags || ' ', ?) > 0";

    private final Database db;
    private final BlobStore blobs;
    private final Clock clock;

    PostgresMessageStore(Database db, BlobStore blobs, Clock clock) {
        this.db = db;
        this.blobs = blobs;
        this.clock = clock;
    }

    /** A message made ready for its transaction: its content stored as a durable blob and parsed. */
    private record Prepared(NewMessage message, Contents.Stored content) {
    }

    /**
     * Writes every blob first (acknowledged durable by the blob store), then allocates the UIDs and
     * inserts the rows in one transaction under the mailbox row lock: commit order is UID order across
     * every node. Blobs of a failed append that nothing else refers to are removed.
     */
    @Override
    public List<Appended> append(MailboxId mailbox, List<NewMessage> messages) {
        List<Prepared> prepared = new ArrayList<>(messages.size());
        try {
            for (NewMessage m : messages) {
                prepared.add(new Prepared(m, Contents.store(blobs, m.content())));
            }
            return db.write(tx -> {
                MailboxRow box = MailboxRow.lockSelectable(tx.connection(), mailbox);
                List<Appended> appended = appendRows(tx, box, prepared);
                Quotas.check(tx.connection(), box.accountId(), addedBytes(prepared), prepared.size());
                return appended;
            });
        } catch (RuntimeException e) {
            Set<ContentId> written = new LinkedHashSet<>();
            prepared.forEach(p -> written.add(p.content().id()));
            db.deleteUnreferencedBlobs(written);
            throw e;
        }
    }

    private static long addedBytes(List<Prepared> prepared) {
        return prepared.stream().mapToLong(p -> p.content().bytes().length).sum();
    }

    /** Inserts the prepared messages into {@code box}, whose row this transaction has locked. */
    private List<Appended> appendRows(WriteTx tx, MailboxRow box, List<Prepared> prepared) throws SQLException {
        Connection c = tx.connection();
        if (prepared.isEmpty()) {
            return List.of();
        }
        long uid = MailboxRow.allocateUids(c, box, prepared.size());
        long modSeq = MailboxRow.nextModSeq(c, box);
        long addedAt = clock.millis();
        List<Appended> result = new ArrayList<>(prepared.size());
        try (PreparedStatement insert = c.prepareStatement("INSERT INTO messages (account_id, mailbox_id, uid,"
                + " content_sha, flags, modseq, internal_date, size, added_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            for (Prepared p : prepared) {
                Contents.reference(tx, blobs, box.accountId(), p.content());
                insert.setLong(1, box.accountId());
                insert.setLong(2, box.id());
                insert.setLong(3, uid);
                insert.setString(4, p.content().id().sha256());
                insert.setString(5, Columns.flags(p.message().flags()));
                insert.setLong(6, modSeq);
                insert.setLong(7, p.message().internalDate().toEpochMilli());
                insert.setLong(8, p.content().bytes().length);
                insert.setLong(9, addedAt);
                insert.executeUpdate();
                result.add(new Appended(new UidValidity(box.uidValidity()), new Uid(uid), new ModSeq(modSeq)));
                uid++;
            }
        }
        tx.publish(changed(box, modSeq));
        return result;
    }

    @Override
    public Optional<Appended> findRecent(MailboxId mailbox, ContentId content, Instant notBefore) {
        return db.read(c -> {
            MailboxRow box = MailboxRow.selectable(c, mailbox);
            try (PreparedStatement s = c.prepareStatement("SELECT uid, modseq FROM messages"
                    + " WHERE account_id = ? AND content_sha = ? AND mailbox_id = ? AND added_at >= ?"
                    + " AND " + FLAG_ABSENT + " ORDER BY uid DESC LIMIT 1")) {
                s.setLong(1, box.accountId());
                s.setString(2, content.sha256());
                s.setLong(3, box.id());
                s.setLong(4, notBefore.toEpochMilli());
                s.setString(5, Columns.flagPattern(Flags.DELETED));
                try (ResultSet rs = s.executeQuery()) {
                    if (!rs.next()) {
                        return Optional.<Appended>empty();
                    }
                    return Optional.of(new Appended(new UidValidity(box.uidValidity()), new Uid(rs.getLong(1)),
                            new ModSeq(rs.getLong(2))));
                }
            }
        });
    }

    @Override
    public MailboxSnapshot snapshot(MailboxId mailbox) {
        return db.read(c -> {
            MailboxRow box = MailboxRow.selectable(c, mailbox);
            MailboxSnapshot.Builder messages = new MailboxSnapshot.Builder();
            try (PreparedStatement s = c.prepareStatement("SELECT uid, flags, modseq FROM messages"
                    + " WHERE account_id = ? AND mailbox_id = ? ORDER BY uid")) {
                s.setLong(1, box.accountId());
                s.setLong(2, box.id());
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        messages.add(rs.getLong(1), rs.getString(2), Columns::flags, rs.getLong(3));
                    }
                }
            }
            return messages.build(box.toMailbox(), box.uidNext(), box.highest());
        });
    }

    @Override
    public MailboxDelta changesSince(MailboxId mailbox, ModSeq since) {
        return db.read(c -> {
            MailboxRow box = MailboxRow.selectable(c, mailbox);
            List<MessageSummary> changed = new ArrayList<>();
            try (PreparedStatement s = c.prepareStatement("SELECT uid, flags, modseq FROM messages"
                    + " WHERE account_id = ? AND mailbox_id = ? AND modseq > ? ORDER BY uid")) {
                s.setLong(1, box.accountId());
                s.setLong(2, box.id());
                s.setLong(3, since.value());
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        changed.add(summary(rs));
                    }
                }
            }
            List<Uid> expunged = new ArrayList<>();
            try (PreparedStatement s = c.prepareStatement("SELECT uid FROM expunged"
                    + " WHERE account_id = ? AND mailbox_id = ? AND modseq > ? ORDER BY uid")) {
                s.setLong(1, box.accountId());
                s.setLong(2, box.id());
                s.setLong(3, since.value());
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        expunged.add(new Uid(rs.getLong(1)));
                    }
                }
            }
            return new MailboxDelta(changed, expunged, box.highest(), box.uidNext());
        });
    }

    @Override
    public List<Uid> claimRecent(MailboxId mailbox) {
        return db.write(tx -> {
            Connection c = tx.connection();
            MailboxRow box = MailboxRow.lockSelectable(c, mailbox);
            List<Uid> result = new ArrayList<>();
            try (PreparedStatement s = c.prepareStatement("SELECT uid FROM messages"
                    + " WHERE account_id = ? AND mailbox_id = ? AND uid >= ? ORDER BY uid")) {
                s.setLong(1, box.accountId());
                s.setLong(2, box.id());
                s.setLong(3, box.recentFloorUid());
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        result.add(new Uid(rs.getLong(1)));
                    }
                }
            }
            if (box.recentFloorUid() < box.uidNext()) {
                try (PreparedStatement s = c.prepareStatement(
                        "UPDATE mailboxes SET recent_floor_uid = uidnext WHERE account_id = ? AND id = ?")) {
                    s.setLong(1, box.accountId());
                    s.setLong(2, box.id());
                    s.executeUpdate();
                }
            }
            return result;
        });
    }

    @Override
    public List<MessageRecord> fetch(MailboxId mailbox, List<Uid> uids, boolean withStructure) {
        UidSet wanted = new UidSet(uids);
        return db.read(c -> {
            MailboxRow box = MailboxRow.selectable(c, mailbox);
            List<MessageRecord> result = new ArrayList<>();
            if (wanted.isEmpty()) {
                return result;
            }
            // The join stays inside one account: contents are keyed by account too.
            String sql = withStructure
                    ? "SELECT m.uid, m.flags, m.modseq, m.internal_date, m.size, m.content_sha, m.added_at,"
                            + " c.structure FROM messages m"
                            + " JOIN contents c ON c.account_id = m.account_id AND c.sha = m.content_sha"
                            + " WHERE m.account_id = ? AND m.mailbox_id = ? AND m.uid BETWEEN ? AND ? ORDER BY m.uid"
                    : "SELECT uid, flags, modseq, internal_date, size, content_sha, added_at FROM messages"
                            + " WHERE account_id = ? AND mailbox_id = ? AND uid BETWEEN ? AND ? ORDER BY uid";
            try (PreparedStatement s = c.prepareStatement(sql)) {
                s.setLong(1, box.accountId());
                s.setLong(2, box.id());
                s.setLong(3, wanted.min());
                s.setLong(4, wanted.max());
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        long uid = rs.getLong(1);
                        if (!wanted.contains(uid)) {
                            continue;
                        }
                        result.add(new MessageRecord(new Uid(uid), Columns.flags(rs.getString(2)),
                                new ModSeq(rs.getLong(3)), Instant.ofEpochMilli(rs.getLong(4)), rs.getLong(5),
                                new ContentId(rs.getString(6)),
                                withStructure ? StructureCodec.decode(rs.getBytes(8)) : null,
                                // RFC 8514 §2: saved by append, copy or move, each of which sets added_at.
                                Instant.ofEpochMilli(rs.getLong(7))));
                    }
                }
            }
            return result;
        });
    }

    /** The API names the content only; any account's row for it holds the same text. */
    @Override
    public MessageText text(ContentId content) {
        return db.read(c -> {
            try (PreparedStatement s = c.prepareStatement("SELECT headers, body FROM contents WHERE sha = ? LIMIT 1")) {
                s.setString(1, content.sha256());
                try (ResultSet rs = s.executeQuery()) {
                    if (!rs.next()) {
                        throw new StoreError(StoreError.Kind.NONEXISTENT, "no such message content");
                    }
                    return new MessageText(Columns.headers(rs.getBytes(1)), rs.getString(2));
                }
            }
        });
    }

    /** This store keeps no SORT DATE column: the keys come from each message's structure. */
    @Override
    public List<SortDate> sortDates(MailboxId mailbox, List<Uid> uids) {
        List<SortDate> result = new ArrayList<>(uids.size());
        for (MessageRecord r : fetch(mailbox, uids, true)) {
            // RFC 5256 §3: the sent date, or the internal date when the Date header is absent or invalid.
            result.add(new SortDate(r.uid(), r.structure().sentDate() != null
                    ? r.structure().sentDate().toInstant() : r.internalDate()));
        }
        return result;
    }

    /** This store keeps no text index: SEARCH reads every message's text. */
    @Override
    public Optional<List<Uid>> textCandidates(MailboxId mailbox, String needle, TextPart part) {
        return Optional.empty();
    }

    @Override
    public FlagsUpdated updateFlags(MailboxId mailbox, List<Uid> uids, FlagUpdate mode, Flags flags,
            ModSeq unchangedSince) {
        UidSet wanted = new UidSet(uids);
        return db.write(tx -> {
            Connection c = tx.connection();
            MailboxRow box = MailboxRow.lockSelectable(c, mailbox);
            List<MessageSummary> messages = new ArrayList<>();
            List<Uid> modified = new ArrayList<>();
            if (wanted.isEmpty()) {
                return new FlagsUpdated(messages, modified);
            }
            List<MessageSummary> current = select(c, "uid, flags, modseq", box, wanted, PostgresMessageStore::summary);
            long modSeq = 0;
            try (PreparedStatement update = c.prepareStatement("UPDATE messages SET flags = ?, modseq = ?"
                    + " WHERE account_id = ? AND mailbox_id = ? AND uid = ?")) {
                for (MessageSummary m : current) {
                    // RFC 7162 §3.1.3: a message changed since the client's view is left alone and reported.
                    if (unchangedSince != null && m.modSeq().compareTo(unchangedSince) > 0) {
                        modified.add(m.uid());
                        messages.add(m);
                        continue;
                    }
                    Flags wantedFlags = switch (mode) {
                        case REPLACE -> flags;
                        case ADD -> m.flags().plus(flags);
                        case REMOVE -> m.flags().minus(flags);
                    };
                    String column = Columns.flags(wantedFlags);
                    Flags stored = Columns.flags(column);
                    if (stored.equals(m.flags())) {
                        messages.add(m);
                        continue;
                    }
                    if (modSeq == 0) {
                        modSeq = MailboxRow.nextModSeq(c, box);
                    }
                    update.setString(1, column);
                    update.setLong(2, modSeq);
                    update.setLong(3, box.accountId());
                    update.setLong(4, box.id());
                    update.setLong(5, m.uid().value());
                    update.executeUpdate();
                    messages.add(new MessageSummary(m.uid(), stored, new ModSeq(modSeq)));
                }
            }
            if (modSeq != 0) {
                tx.publish(changed(box, modSeq));
            }
            return new FlagsUpdated(messages, modified);
        });
    }

    @Override
    public Copied copy(MailboxId source, List<Uid> uids, MailboxId destination) {
        return transfer(source, uids, destination, false);
    }

    @Override
    public Copied move(MailboxId source, List<Uid> uids, MailboxId destination) {
        return transfer(source, uids, destination, true);
    }

    /** A source message as COPY and MOVE need it. */
    private record Row(long uid, String sha, String flags, long internalDate, long size) {
    }

    /**
     * COPY (RFC 9051 §6.4.7) or MOVE (RFC 6851) in one transaction. Both mailbox rows are locked in id
     * order, so two nodes moving messages in opposite directions cannot deadlock. A move re-homes the rows;
     * a copy adds a content reference per message in the destination's account.
     */
    private Copied transfer(MailboxId source, List<Uid> uids, MailboxId destination, boolean move) {
        UidSet wanted = new UidSet(uids);
        return db.write(tx -> {
            Connection c = tx.connection();
            List<MailboxRow> locked = lockBoth(c, source, destination);
            MailboxRow from = locked.get(0);
            MailboxRow to = locked.get(1);
            UidValidity validity = new UidValidity(to.uidValidity());
            List<Row> rows = wanted.isEmpty() ? List.of()
                    : select(c, "uid, content_sha, flags, internal_date, size", from, wanted, PostgresMessageStore::row);
            if (rows.isEmpty()) {
                return new Copied(validity, List.of(), List.of());
            }
            long firstUid = MailboxRow.allocateUids(c, to, rows.size());
            long toModSeq = MailboxRow.nextModSeq(c, to);
            long addedAt = clock.millis();
            List<Uid> sourceUids = new ArrayList<>();
            List<Uid> destinationUids = new ArrayList<>();
            Map<String, Long> refs = new LinkedHashMap<>();
            rows.forEach(r -> refs.merge(r.sha(), 1L, Long::sum));
            boolean sameAccount = from.accountId() == to.accountId();
            if (!move || !sameAccount) {
                for (Map.Entry<String, Long> e : refs.entrySet()) {
                    acquireFrom(tx, from.accountId(), to.accountId(), e.getKey(), e.getValue());
                }
            }
            try (PreparedStatement insert = c.prepareStatement("INSERT INTO messages (account_id, mailbox_id, uid,"
                    + " content_sha, flags, modseq, internal_date, size, added_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                long uid = firstUid;
                for (Row r : rows) {
                    insert.setLong(1, to.accountId());
                    insert.setLong(2, to.id());
                    insert.setLong(3, uid);
                    insert.setString(4, r.sha());
                    insert.setString(5, r.flags());
                    insert.setLong(6, toModSeq);
                    insert.setLong(7, r.internalDate());
                    insert.setLong(8, r.size());
                    insert.setLong(9, addedAt);
                    insert.executeUpdate();
                    sourceUids.add(new Uid(r.uid()));
                    destinationUids.add(new Uid(uid++));
                }
            }
            if (move) {
                long fromModSeq = MailboxRow.nextModSeq(c, from);
                try (PreparedStatement delete = c.prepareStatement(
                                "DELETE FROM messages WHERE account_id = ? AND mailbox_id = ? AND uid = ?");
                        PreparedStatement forget = c.prepareStatement(
                                "INSERT INTO expunged (account_id, mailbox_id, uid, modseq) VALUES (?, ?, ?, ?)")) {
                    for (Row r : rows) {
                        delete.setLong(1, from.accountId());
                        delete.setLong(2, from.id());
                        delete.setLong(3, r.uid());
                        delete.executeUpdate();
                        forget.setLong(1, from.accountId());
                        forget.setLong(2, from.id());
                        forget.setLong(3, r.uid());
                        forget.setLong(4, fromModSeq);
                        forget.executeUpdate();
                    }
                }
                if (!sameAccount) {
                    Contents.release(tx, from.accountId(), refs);
                }
                tx.publish(changed(from, fromModSeq));
            }
            // RFC 9208 §4.1: a copy adds to the account's usage; a move within one account does not change it.
            if (!move || !sameAccount) {
                Quotas.check(c, to.accountId(), rows.stream().mapToLong(Row::size).sum(), rows.size());
            }
            tx.publish(changed(to, toModSeq));
            return new Copied(validity, sourceUids, destinationUids);
        });
    }

    /**
     * Locks the rows of {@code source} and {@code destination} (once when they are the same) in id order, so
     * two nodes working on the same pair in opposite directions cannot deadlock; returns them in that order.
     */
    private static List<MailboxRow> lockBoth(Connection c, MailboxId source, MailboxId destination)
            throws SQLException {
        if (source.equals(destination)) {
            MailboxRow box = MailboxRow.lockSelectable(c, source);
            return List.of(box, box);
        }
        if (source.value() < destination.value()) {
            MailboxRow from = MailboxRow.lockSelectable(c, source);
            return List.of(from, MailboxRow.lockSelectable(c, destination));
        }
        MailboxRow to = MailboxRow.lockSelectable(c, destination);
        return List.of(MailboxRow.lockSelectable(c, source), to);
    }

    /** References content of the source account from the destination account, copying its row if needed. */
    private static void acquireFrom(WriteTx tx, long fromAccount, long toAccount, String sha, long count)
            throws SQLException {
        if (Contents.acquire(tx, toAccount, sha, count)) {
            return;
        }
        Contents.lockBlob(tx.connection(), new ContentId(sha));
        try (PreparedStatement s = tx.connection().prepareStatement("INSERT INTO contents"
                + " (account_id, sha, size, structure, headers, body, refcount)"
                + " SELECT ?, sha, size, structure, headers, body, ? FROM contents WHERE account_id = ? AND sha = ?")) {
            s.setLong(1, toAccount);
            s.setLong(2, count);
            s.setLong(3, fromAccount);
            s.setString(4, sha);
            s.executeUpdate();
        }
    }

    @Override
    public List<Uid> expunge(MailboxId mailbox, List<Uid> uids) {
        UidSet restriction = uids == null ? null : new UidSet(uids);
        return db.write(tx -> expungeRows(tx, MailboxRow.lockSelectable(tx.connection(), mailbox), restriction, true));
    }

    /**
     * Deletes the messages of {@code restriction} (every message when null) from {@code box}, whose row this
     * transaction has locked; only those flagged \Deleted when {@code onlyDeleted}. Each expunge is remembered
     * with one new MODSEQ (RFC 7162 §3.2.5). Returns the UIDs expunged.
     */
    private List<Uid> expungeRows(WriteTx tx, MailboxRow box, UidSet restriction, boolean onlyDeleted)
            throws SQLException {
        Connection c = tx.connection();
        if (restriction != null && restriction.isEmpty()) {
            return List.of();
        }
        List<Row> doomed = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement("SELECT uid, content_sha, flags, internal_date, size"
                + " FROM messages WHERE account_id = ? AND mailbox_id = ? AND uid BETWEEN ? AND ?"
                + (onlyDeleted ? " AND " + FLAG_PRESENT : "") + " ORDER BY uid")) {
            s.setLong(1, box.accountId());
            s.setLong(2, box.id());
            s.setLong(3, restriction == null ? 1 : restriction.min());
            s.setLong(4, restriction == null ? Uid.MAX : restriction.max());
            if (onlyDeleted) {
                s.setString(5, Columns.flagPattern(Flags.DELETED));
            }
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    if (restriction == null || restriction.contains(rs.getLong(1))) {
                        doomed.add(row(rs));
                    }
                }
            }
        }
        if (doomed.isEmpty()) {
            return List.of();
        }
        long modSeq = MailboxRow.nextModSeq(c, box);
        Map<String, Long> refs = new LinkedHashMap<>();
        List<Uid> result = new ArrayList<>();
        try (PreparedStatement delete = c.prepareStatement(
                        "DELETE FROM messages WHERE account_id = ? AND mailbox_id = ? AND uid = ?");
                PreparedStatement forget = c.prepareStatement(
                        "INSERT INTO expunged (account_id, mailbox_id, uid, modseq) VALUES (?, ?, ?, ?)")) {
            for (Row r : doomed) {
                delete.setLong(1, box.accountId());
                delete.setLong(2, box.id());
                delete.setLong(3, r.uid());
                delete.executeUpdate();
                forget.setLong(1, box.accountId());
                forget.setLong(2, box.id());
                forget.setLong(3, r.uid());
                forget.setLong(4, modSeq);
                forget.executeUpdate();
                refs.merge(r.sha(), 1L, Long::sum);
                result.add(new Uid(r.uid()));
            }
        }
        Contents.release(tx, box.accountId(), refs);
        tx.publish(changed(box, modSeq));
        return result;
    }

    /**
     * REPLACE (RFC 8508 §3.3): the blob is written first, as append does; then, in one transaction under both
     * mailbox row locks (taken in id order, as COPY and MOVE take them), the new message is appended and the
     * old one expunged whatever its flags. A blob nothing refers to after a failure is removed.
     */
    @Override
    public Replaced replace(MailboxId source, Uid uid, MailboxId destination, NewMessage message) {
        List<Prepared> prepared = new ArrayList<>(1);
        try {
            prepared.add(new Prepared(message, Contents.store(blobs, message.content())));
            return db.write(tx -> {
                List<MailboxRow> locked = lockBoth(tx.connection(), source, destination);
                Appended appended = appendRows(tx, locked.get(1), prepared).getFirst();
                List<Uid> expunged = expungeRows(tx, locked.get(0), new UidSet(List.of(uid)), false);
                // Checked once both halves are done, so replacing a message with one no larger never goes over quota.
                Quotas.check(tx.connection(), locked.get(1).accountId(), addedBytes(prepared), expunged.isEmpty() ? 1 : 0);
                return new Replaced(appended, expunged);
            });
        } catch (RuntimeException e) {
            Set<ContentId> written = new LinkedHashSet<>();
            prepared.forEach(p -> written.add(p.content().id()));
            db.deleteUnreferencedBlobs(written);
            throw e;
        }
    }

    @Override
    public ModSeq expungeHorizon(MailboxId mailbox) {
        return db.read(c -> {
            MailboxRow box = MailboxRow.selectable(c, mailbox);
            try (PreparedStatement s = c.prepareStatement(
                    "SELECT expunge_horizon FROM mailboxes WHERE account_id = ? AND id = ?")) {
                s.setLong(1, box.accountId());
                s.setLong(2, box.id());
                try (ResultSet rs = s.executeQuery()) {
                    rs.next();
                    return new ModSeq(rs.getLong(1));
                }
            }
        });
    }

    /**
     * Under the mailbox row lock, so no expunge commits between choosing the cutoff and raising the horizon
     * (RFC 7162 §3.2.5: a QRESYNC from below the horizon must not be answered as if its delta were complete).
     */
    @Override
    public int forgetExpunges(MailboxId mailbox, int keep) {
        if (keep < 0) {
            throw new IllegalArgumentException("keep must not be negative");
        }
        return db.write(tx -> {
            Connection c = tx.connection();
            MailboxRow box = MailboxRow.lockSelectable(c, mailbox);
            long cutoff;
            // The newest expunge beyond the kept ones; everything at or below its MODSEQ goes, so the horizon
            // never splits expunges that share one MODSEQ (one EXPUNGE gives them all the same).
            try (PreparedStatement s = c.prepareStatement("SELECT modseq FROM expunged"
                    + " WHERE account_id = ? AND mailbox_id = ? ORDER BY modseq DESC LIMIT 1 OFFSET ?")) {
                s.setLong(1, box.accountId());
                s.setLong(2, box.id());
                s.setLong(3, keep);
                try (ResultSet rs = s.executeQuery()) {
                    if (!rs.next()) {
                        return 0;
                    }
                    cutoff = rs.getLong(1);
                }
            }
            int forgotten;
            try (PreparedStatement s = c.prepareStatement(
                    "DELETE FROM expunged WHERE account_id = ? AND mailbox_id = ? AND modseq <= ?")) {
                s.setLong(1, box.accountId());
                s.setLong(2, box.id());
                s.setLong(3, cutoff);
                forgotten = s.executeUpdate();
            }
            try (PreparedStatement s = c.prepareStatement("UPDATE mailboxes"
                    + " SET expunge_horizon = greatest(expunge_horizon, ?) WHERE account_id = ? AND id = ?")) {
                s.setLong(1, cutoff);
                s.setLong(2, box.accountId());
                s.setLong(3, box.id());
                s.executeUpdate();
            }
            return forgotten;
        });
    }

    /** Reads one result row; the first column is always the UID. */
    @FunctionalInterface
    private interface RowReader<T> {
        T read(ResultSet rs) throws SQLException;
    }

    /**
     * The given columns of the wanted messages, ascending UID: one range query over the wanted set's span,
     * filtered to its members, so a sparse UID set costs one statement rather than one per UID.
     */
    private static <T> List<T> select(Connection c, String columns, MailboxRow box, UidSet wanted, RowReader<T> reader)
            throws SQLException {
        List<T> result = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement("SELECT " + columns + " FROM messages"
                + " WHERE account_id = ? AND mailbox_id = ? AND uid BETWEEN ? AND ? ORDER BY uid")) {
            s.setLong(1, box.accountId());
            s.setLong(2, box.id());
            s.setLong(3, wanted.min());
            s.setLong(4, wanted.max());
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    if (wanted.contains(rs.getLong(1))) {
                        result.add(reader.read(rs));
                    }
                }
            }
        }
        return result;
    }

    private static Row row(ResultSet rs) throws SQLException {
        return new Row(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getLong(4), rs.getLong(5));
    }

    private static MessageSummary summary(ResultSet rs) throws SQLException {
        return new MessageSummary(new Uid(rs.getLong(1)), Columns.flags(rs.getString(2)), new ModSeq(rs.getLong(3)));
    }

    private static MailboxChange changed(MailboxRow box, long modSeq) {
        return new MailboxChange.MessagesChanged(new AccountId(box.accountId()), new MailboxId(box.id()),
                new ModSeq(modSeq));
    }
}
