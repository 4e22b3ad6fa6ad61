package org.tegami.store.sqlite;

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
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.tegami.message.StructureCodec;
import org.tegami.store.AccountId;
import org.tegami.store.Appended;
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
 * Messages in the {@code messages}, {@code expunged}, {@code contents} and {@code content_text} tables.
 * The clock dates when a message was added to its mailbox ({@code added_at}, for {@link #findRecent}).
 */
final class SqliteMessageStore implements MessageStore {
    private final Database db;
    private final SqliteBlobStore blobs;
    private final Clock clock;

    SqliteMessageStore(Database db, SqliteBlobStore blobs, Clock clock) {
        this.db = db;
        this.blobs = blobs;
        this.clock = clock;
    }

    /**
     * A message made ready for its transaction outside the write queue: its content parsed, and stored as a file
     * unless it is small enough to go into the database with its row.
     */
    private record Prepared(NewMessage message, Contents.Stored content) {
    }

    @Override
    public List<Appended> append(MailboxId mailbox, List<NewMessage> messages) {
        List<Prepared> prepared = messages.size() == 1
                ? List.of(new Prepared(messages.getFirst(), Contents.store(blobs, messages.getFirst().content())))
                : storeEach(messages);
        return db.write(tx -> appendRows(tx, mailbox, prepared, true));
    }

    /**
     * Parses and stores the messages of a MULTIAPPEND (RFC 3502) each on its own virtual thread, so that their
     * files' fsyncs overlap instead of following one another. If any fails, the files of the others are removed
     * again (unless something else refers to them) and the first failure is thrown.
     */
    private List<Prepared> storeEach(List<NewMessage> messages) {
        List<Future<Contents.Stored>> stored = new ArrayList<>(messages.size());
        try (ExecutorService each = Executors.newVirtualThreadPerTaskExecutor()) {
            for (NewMessage m : messages) {
                stored.add(each.submit(() -> Contents.store(blobs, m.content())));
            }
        }
        List<Prepared> prepared = new ArrayList<>(messages.size());
        RuntimeException failure = null;
        for (int i = 0; i < messages.size(); i++) {
            Future<Contents.Stored> f = stored.get(i);
            if (f.state() == Future.State.SUCCESS) {
                prepared.add(new Prepared(messages.get(i), f.resultNow()));
            } else if (failure == null) {
                // Cancelled only when this thread was interrupted while waiting for the others.
                Throwable t = f.state() == Future.State.FAILED ? f.exceptionNow() : null;
                failure = t instanceof RuntimeException e ? e
                        : new StoreError(StoreError.Kind.UNAVAILABLE, "message storage is not available", t);
            }
        }
        if (failure != null) {
            try {
                removeIfUnreferenced(prepared);
            } catch (RuntimeException cleanup) {
                failure.addSuppressed(cleanup);
            }
            throw failure;
        }
        return prepared;
    }

    /** Adds the rows; with {@code checkQuota}, fails the transaction if they take the account over quota. */
    private List<Appended> appendRows(WriteTx tx, MailboxId mailbox, List<Prepared> prepared, boolean checkQuota)
            throws SQLException {
        Connection c = tx.connection();
        prepared.stream().filter(p -> !p.content().inline())
                .forEach(p -> tx.deleteBlobIfRolledBack(p.content().id()));
        MailboxRow box = MailboxRow.selectable(c, mailbox);
        if (prepared.isEmpty()) {
            return List.of();
        }
        long uid = MailboxRow.allocateUids(c, box.id(), prepared.size());
        long modSeq = MailboxRow.nextModSeq(c, box.id());
        long addedAt = clock.millis();
        List<Appended> result = new ArrayList<>(prepared.size());
        try (PreparedStatement insertMessage = c.prepareStatement("INSERT INTO messages (mailbox_id, uid,"
                + " content_sha, flags, modseq, internal_date, size, added_at, sort_date)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            for (Prepared p : prepared) {
                Contents.reference(tx, blobs, p.content());
                insertMessage.setLong(1, box.id());
                insertMessage.setLong(2, uid);
                insertMessage.setString(3, p.content().id().sha256());
                insertMessage.setString(4, Columns.flags(p.message().flags()));
                insertMessage.setLong(5, modSeq);
                insertMessage.setLong(6, p.message().internalDate().toEpochMilli());
                insertMessage.setLong(7, p.content().bytes().length);
                insertMessage.setLong(8, addedAt);
                // RFC 5256 §3: the sent date, or the internal date when the Date header is absent or invalid.
                insertMessage.setLong(9, (p.content().sentDate() != null ? p.content().sentDate()
                        : p.message().internalDate()).toEpochMilli());
                insertMessage.executeUpdate();
                result.add(new Appended(new UidValidity(box.uidValidity()), new Uid(uid), new ModSeq(modSeq)));
                uid++;
            }
        }
        if (checkQuota) {
            Quotas.check(c, box.accountId(), addedBytes(prepared), prepared.size());
        }
        tx.publish(changed(box, modSeq));
        return result;
    }

    private static long addedBytes(List<Prepared> prepared) {
        return prepared.stream().mapToLong(p -> p.content().bytes().length).sum();
    }

    /** After a failed append: drops the files this call wrote that no committed message refers to. */
    private void removeIfUnreferenced(List<Prepared> prepared) {
        Set<ContentId> written = new LinkedHashSet<>();
        prepared.stream().filter(p -> !p.content().inline()).forEach(p -> written.add(p.content().id()));
        db.deleteUnreferencedBlobs(written);
    }

    @Override
    public Optional<Appended> findRecent(MailboxId mailbox, ContentId content, Instant notBefore) {
        return db.read(c -> {
            MailboxRow box = MailboxRow.selectable(c, mailbox);
            // messages_by_mailbox_content narrows this to the few rows with these bytes in this mailbox.
            try (PreparedStatement s = c.prepareStatement("SELECT uid, modseq FROM messages"
                    + " WHERE mailbox_id = ? AND content_sha = ? AND added_at >= ?"
                    + " AND instr(' ' || flags || ' ', ?) = 0 ORDER BY uid DESC LIMIT 1")) {
                s.setLong(1, box.id());
                s.setString(2, content.sha256());
                s.setLong(3, notBefore.toEpochMilli());
                s.setString(4, Columns.flagPattern(Flags.DELETED));
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
            try (PreparedStatement s = c.prepareStatement(
                    "SELECT uid, flags, modseq FROM messages WHERE mailbox_id = ? ORDER BY uid")) {
                s.setLong(1, box.id());
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
            try (PreparedStatement s = c.prepareStatement(
                    "SELECT uid, flags, modseq FROM messages WHERE mailbox_id = ? AND modseq > ? ORDER BY uid")) {
                s.setLong(1, box.id());
                s.setLong(2, since.value());
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        changed.add(summary(rs));
                    }
                }
            }
            List<Uid> expunged = new ArrayList<>();
            try (PreparedStatement s = c.prepareStatement(
                    "SELECT uid FROM expunged WHERE mailbox_id = ? AND modseq > ? ORDER BY uid")) {
                s.setLong(1, box.id());
                s.setLong(2, since.value());
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
    public ModSeq expungeHorizon(MailboxId mailbox) {
        return db.read(c -> new ModSeq(horizon(c, MailboxRow.selectable(c, mailbox).id())));
    }

    private static long horizon(Connection c, long mailboxId) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT modseq FROM expunge_horizons WHERE mailbox_id = ?")) {
            s.setLong(1, mailboxId);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? rs.getLong(1) : 0;
            }
        }
    }

    @Override
    public int forgetExpunges(MailboxId mailbox, int keep) {
        if (keep < 0) {
            throw new IllegalArgumentException("keep must not be negative");
        }
        return db.write(tx -> {
            Connection c = tx.connection();
            MailboxRow box = MailboxRow.selectable(c, mailbox);
            long cutoff;
            // The newest expunge beyond the kept ones; everything at or below its MODSEQ goes, so the horizon
            // never splits expunges that share one MODSEQ (one EXPUNGE command gives them all the same).
            try (PreparedStatement s = c.prepareStatement(
                    "SELECT modseq FROM expunged WHERE mailbox_id = ? ORDER BY modseq DESC LIMIT 1 OFFSET ?")) {
                s.setLong(1, box.id());
                s.setLong(2, keep);
                try (ResultSet rs = s.executeQuery()) {
                    if (!rs.next()) {
                        return 0;
                    }
                    cutoff = rs.getLong(1);
                }
            }
            int forgotten;
            try (PreparedStatement s = c.prepareStatement(
                    "DELETE FROM expunged WHERE mailbox_id = ? AND modseq <= ?")) {
                s.setLong(1, box.id());
                s.setLong(2, cutoff);
                forgotten = s.executeUpdate();
            }
            try (PreparedStatement s = c.prepareStatement("INSERT INTO expunge_horizons (mailbox_id, modseq)"
                    + " VALUES (?, ?) ON CONFLICT (mailbox_id) DO UPDATE SET modseq = max(modseq, excluded.modseq)")) {
                s.setLong(1, box.id());
                s.setLong(2, cutoff);
                s.executeUpdate();
            }
            return forgotten;
        });
    }

    @Override
    public List<Uid> claimRecent(MailboxId mailbox) {
        // Most selects find nothing new since the last one; answering those from a read keeps them out of the
        // write queue and away from a commit and its fsync. A message appended after this read is claimed by
        // the next select (RFC 3501 §2.3.2: \Recent goes to one session, not necessarily this one).
        boolean nothingNew = db.read(c -> {
            MailboxRow box = MailboxRow.selectable(c, mailbox);
            return box.recentFloorUid() >= box.uidNext();
        });
        if (nothingNew) {
            return List.of();
        }
        return db.write(tx -> {
            Connection c = tx.connection();
            MailboxRow box = MailboxRow.selectable(c, mailbox);
            List<Uid> result = new ArrayList<>();
            try (PreparedStatement s = c.prepareStatement(
                    "SELECT uid FROM messages WHERE mailbox_id = ? AND uid >= ? ORDER BY uid")) {
                s.setLong(1, box.id());
                s.setLong(2, box.recentFloorUid());
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        result.add(new Uid(rs.getLong(1)));
                    }
                }
            }
            if (box.recentFloorUid() < box.uidNext()) {
                try (PreparedStatement s = c.prepareStatement(
                        "UPDATE mailboxes SET recent_floor_uid = uidnext WHERE id = ?")) {
                    s.setLong(1, box.id());
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
            String sql = withStructure
                    ? "SELECT m.uid, m.flags, m.modseq, m.internal_date, m.size, m.content_sha, m.added_at,"
                            + " c.structure FROM messages m JOIN contents c ON c.sha = m.content_sha"
                            + " WHERE m.mailbox_id = ? AND m.uid BETWEEN ? AND ? ORDER BY m.uid"
                    : "SELECT uid, flags, modseq, internal_date, size, content_sha, added_at"
                            + " FROM messages WHERE mailbox_id = ? AND uid BETWEEN ? AND ? ORDER BY uid";
            try (PreparedStatement s = c.prepareStatement(sql)) {
                s.setLong(1, box.id());
                s.setLong(2, wanted.min());
                s.setLong(3, wanted.max());
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        long uid = rs.getLong(1);
                        if (!wanted.contains(uid)) {
                            continue;
                        }
                        // added_at 0: saved before schema 4 recorded it, so not known.
                        long addedAt = rs.getLong(7);
                        result.add(new MessageRecord(new Uid(uid), Columns.flags(rs.getString(2)),
                                new ModSeq(rs.getLong(3)), Instant.ofEpochMilli(rs.getLong(4)), rs.getLong(5),
                                new ContentId(rs.getString(6)),
                                withStructure ? StructureCodec.decode(rs.getBytes(8)) : null,
                                addedAt == 0 ? null : Instant.ofEpochMilli(addedAt)));
                    }
                }
            }
            return result;
        });
    }

    @Override
    public MessageText text(ContentId content) {
        return db.read(c -> {
            try (PreparedStatement s = c.prepareStatement("SELECT headers, body FROM content_text WHERE sha = ?")) {
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

    @Override
    public Optional<List<Uid>> textCandidates(MailboxId mailbox, String needle, TextPart part) {
        Optional<String> query = SearchIndex.query(needle, part);
        if (query.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(db.read(c -> {
            MailboxRow box = MailboxRow.selectable(c, mailbox);
            return SearchIndex.candidates(c, box.id(), query.get()).stream().map(Uid::new).toList();
        }));
    }

    @Override
    public List<SortDate> sortDates(MailboxId mailbox, List<Uid> uids) {
        UidSet wanted = new UidSet(uids);
        return db.read(c -> {
            MailboxRow box = MailboxRow.selectable(c, mailbox);
            if (wanted.isEmpty()) {
                return List.<SortDate>of();
            }
            // Messages stored before schema 10 have no sort_date: their key comes from their structure.
            List<SortDate> result = select(c, "uid, sort_date, internal_date, CASE WHEN sort_date IS NULL THEN"
                    + " (SELECT structure FROM contents WHERE sha = content_sha) END", box.id(), wanted, rs -> {
                        long uid = rs.getLong(1);
                        long sortDate = rs.getLong(2);
                        if (!rs.wasNull()) {
                            return new SortDate(new Uid(uid), Instant.ofEpochMilli(sortDate));
                        }
                        java.time.OffsetDateTime sent = StructureCodec.decode(rs.getBytes(4)).sentDate();
                        return new SortDate(new Uid(uid), sent != null ? sent.toInstant()
                                : Instant.ofEpochMilli(rs.getLong(3)));
                    });
            return result;
        });
    }

    /** Indexes up to {@code max} contents stored before the search index existed; returns how many. */
    int indexSearchBacklog(int max) {
        return db.write(tx -> SearchIndex.indexBacklog(tx.connection(), max));
    }

    @Override
    public FlagsUpdated updateFlags(MailboxId mailbox, List<Uid> uids, FlagUpdate mode, Flags flags,
            ModSeq unchangedSince) {
        UidSet wanted = new UidSet(uids);
        // A STORE that changes nothing (the flags are already so, or every message changed since the client's
        // view) is answered from a read, without waiting for a commit; one that changes anything is decided
        // again inside its write transaction.
        Optional<FlagsUpdated> unchanged = db.read(c -> {
            MailboxRow box = MailboxRow.selectable(c, mailbox);
            List<MessageSummary> messages = new ArrayList<>();
            List<Uid> modified = new ArrayList<>();
            if (wanted.isEmpty()) {
                return Optional.of(new FlagsUpdated(messages, modified));
            }
            for (MessageSummary m : summaries(c, box.id(), wanted)) {
                if (unchangedSince != null && m.modSeq().compareTo(unchangedSince) > 0) {
                    modified.add(m.uid());
                } else if (!Columns.flags(Columns.flags(applied(m.flags(), mode, flags))).equals(m.flags())) {
                    return Optional.<FlagsUpdated>empty();
                }
                messages.add(m);
            }
            return Optional.of(new FlagsUpdated(messages, modified));
        });
        if (unchanged.isPresent()) {
            return unchanged.get();
        }
        return db.write(tx -> {
            Connection c = tx.connection();
            MailboxRow box = MailboxRow.selectable(c, mailbox);
            List<MessageSummary> messages = new ArrayList<>();
            List<Uid> modified = new ArrayList<>();
            if (wanted.isEmpty()) {
                return new FlagsUpdated(messages, modified);
            }
            List<MessageSummary> current = summaries(c, box.id(), wanted);
            long modSeq = 0;
            try (PreparedStatement update = c.prepareStatement(
                    "UPDATE messages SET flags = ?, modseq = ? WHERE mailbox_id = ? AND uid = ?")) {
                for (MessageSummary m : current) {
                    // RFC 7162 §3.1.3: a message changed since the client's view is left alone and reported.
                    if (unchangedSince != null && m.modSeq().compareTo(unchangedSince) > 0) {
                        modified.add(m.uid());
                        messages.add(m);
                        continue;
                    }
                    String column = Columns.flags(applied(m.flags(), mode, flags));
                    Flags stored = Columns.flags(column);
                    if (stored.equals(m.flags())) {
                        messages.add(m);
                        continue;
                    }
                    if (modSeq == 0) {
                        modSeq = MailboxRow.nextModSeq(c, box.id());
                    }
                    update.setString(1, column);
                    update.setLong(2, modSeq);
                    update.setLong(3, box.id());
                    update.setLong(4, m.uid().value());
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

    /** The flags a message has after STORE's change (RFC 9051 §6.4.6). */
    private static Flags applied(Flags current, FlagUpdate mode, Flags flags) {
        return switch (mode) {
            case REPLACE -> flags;
            case ADD -> current.plus(flags);
            case REMOVE -> current.minus(flags);
        };
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
    private record Row(long uid, String sha, String flags, long internalDate, long size, Long sortDate) {
    }

    /**
     * COPY (RFC 9051 §6.4.7) or MOVE (RFC 6851) in one transaction. A move re-homes the rows, so the
     * content keeps its reference count; a copy adds a reference per message.
     */
    private Copied transfer(MailboxId source, List<Uid> uids, MailboxId destination, boolean move) {
        UidSet wanted = new UidSet(uids);
        return db.write(tx -> {
            Connection c = tx.connection();
            MailboxRow from = MailboxRow.selectable(c, source);
            MailboxRow to = MailboxRow.selectable(c, destination);
            UidValidity validity = new UidValidity(to.uidValidity());
            List<Row> rows = wanted.isEmpty() ? List.of() : rows(c, from.id(), wanted);
            if (rows.isEmpty()) {
                return new Copied(validity, List.of(), List.of());
            }
            long firstUid = MailboxRow.allocateUids(c, to.id(), rows.size());
            long toModSeq = MailboxRow.nextModSeq(c, to.id());
            long addedAt = clock.millis();
            List<Uid> sourceUids = new ArrayList<>();
            List<Uid> destinationUids = new ArrayList<>();
            if (move) {
                long fromModSeq = MailboxRow.nextModSeq(c, from.id());
                try (PreparedStatement rehome = c.prepareStatement("UPDATE messages SET mailbox_id = ?, uid = ?,"
                                + " modseq = ?, added_at = ? WHERE mailbox_id = ? AND uid = ?");
                        PreparedStatement forget = c.prepareStatement(
                                "INSERT INTO expunged (mailbox_id, uid, modseq) VALUES (?, ?, ?)")) {
                    long uid = firstUid;
                    for (Row r : rows) {
                        rehome.setLong(1, to.id());
                        rehome.setLong(2, uid);
                        rehome.setLong(3, toModSeq);
                        rehome.setLong(4, addedAt);
                        rehome.setLong(5, from.id());
                        rehome.setLong(6, r.uid());
                        rehome.executeUpdate();
                        forget.setLong(1, from.id());
                        forget.setLong(2, r.uid());
                        forget.setLong(3, fromModSeq);
                        forget.executeUpdate();
                        sourceUids.add(new Uid(r.uid()));
                        destinationUids.add(new Uid(uid++));
                    }
                }
                tx.publish(changed(from, fromModSeq));
            } else {
                Map<String, Long> refs = new LinkedHashMap<>();
                try (PreparedStatement insert = c.prepareStatement("INSERT INTO messages (mailbox_id, uid,"
                        + " content_sha, flags, modseq, internal_date, size, added_at, sort_date)"
                        + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                    long uid = firstUid;
                    for (Row r : rows) {
                        insert.setLong(1, to.id());
                        insert.setLong(2, uid);
                        insert.setString(3, r.sha());
                        insert.setString(4, r.flags());
                        insert.setLong(5, toModSeq);
                        insert.setLong(6, r.internalDate());
                        insert.setLong(7, r.size());
                        insert.setLong(8, addedAt);
                        insert.setObject(9, r.sortDate());
                        insert.executeUpdate();
                        refs.merge(r.sha(), 1L, Long::sum);
                        sourceUids.add(new Uid(r.uid()));
                        destinationUids.add(new Uid(uid++));
                    }
                }
                for (Map.Entry<String, Long> e : refs.entrySet()) {
                    Contents.acquire(tx, e.getKey(), e.getValue());
                }
            }
            // RFC 9208 §4.1: a copy adds to the account's usage; a move within one account does not change it.
            if (!move || from.accountId() != to.accountId()) {
                Quotas.check(c, to.accountId(), rows.stream().mapToLong(Row::size).sum(), rows.size());
            }
            tx.publish(changed(to, toModSeq));
            return new Copied(validity, sourceUids, destinationUids);
        });
    }

    @Override
    public List<Uid> expunge(MailboxId mailbox, List<Uid> uids) {
        UidSet restriction = uids == null ? null : new UidSet(uids);
        // Clients send EXPUNGE (and CLOSE) also when nothing is flagged \Deleted; a read answers those without
        // waiting for a commit. When something is, the write finds the messages again inside its transaction.
        boolean nothingToExpunge = db.read(c -> {
            MailboxRow box = MailboxRow.selectable(c, mailbox);
            return (restriction != null && restriction.isEmpty()) || doomed(c, box.id(), restriction, true).isEmpty();
        });
        if (nothingToExpunge) {
            return List.of();
        }
        return db.write(tx -> expungeRows(tx, mailbox, restriction, true));
    }

    /**
     * Deletes the messages of {@code restriction} (every message when null), only those flagged \Deleted when
     * {@code onlyDeleted}, remembering each expunge with one new MODSEQ. Returns the UIDs expunged.
     */
    private List<Uid> expungeRows(WriteTx tx, MailboxId mailbox, UidSet restriction, boolean onlyDeleted)
            throws SQLException {
        Connection c = tx.connection();
        MailboxRow box = MailboxRow.selectable(c, mailbox);
        if (restriction != null && restriction.isEmpty()) {
            return List.<Uid>of();
        }
        List<Row> doomed = doomed(c, box.id(), restriction, onlyDeleted);
        if (doomed.isEmpty()) {
            return List.<Uid>of();
        }
        long modSeq = MailboxRow.nextModSeq(c, box.id());
        Map<String, Long> refs = new LinkedHashMap<>();
        List<Uid> result = new ArrayList<>();
        try (PreparedStatement delete = c.prepareStatement("DELETE FROM messages WHERE mailbox_id = ? AND uid = ?");
                PreparedStatement forget = c.prepareStatement(
                        "INSERT INTO expunged (mailbox_id, uid, modseq) VALUES (?, ?, ?)")) {
            for (Row r : doomed) {
                delete.setLong(1, box.id());
                delete.setLong(2, r.uid());
                delete.executeUpdate();
                forget.setLong(1, box.id());
                forget.setLong(2, r.uid());
                forget.setLong(3, modSeq);
                forget.executeUpdate();
                refs.merge(r.sha(), 1L, Long::sum);
                result.add(new Uid(r.uid()));
            }
        }
        Contents.release(tx, refs);
        tx.publish(changed(box, modSeq));
        return result;
    }

    /** The messages of {@code restriction} (every one when null), only those flagged \Deleted when asked. */
    private static List<Row> doomed(Connection c, long mailboxId, UidSet restriction, boolean onlyDeleted)
            throws SQLException {
        List<Row> doomed = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement("SELECT uid, content_sha, flags, internal_date, size, sort_date"
                + " FROM messages WHERE mailbox_id = ? AND uid BETWEEN ? AND ?"
                + (onlyDeleted ? " AND instr(' ' || flags || ' ', ?) > 0" : "") + " ORDER BY uid")) {
            s.setLong(1, mailboxId);
            s.setLong(2, restriction == null ? 1 : restriction.min());
            s.setLong(3, restriction == null ? Uid.MAX : restriction.max());
            if (onlyDeleted) {
                s.setString(4, Columns.flagPattern(Flags.DELETED));
            }
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    if (restriction == null || restriction.contains(rs.getLong(1))) {
                        doomed.add(row(rs));
                    }
                }
            }
        }
        return doomed;
    }

    @Override
    public Replaced replace(MailboxId source, Uid uid, MailboxId destination, NewMessage message) {
        // Stored before the transaction, as append does; appendRows deletes the file again if it rolls back.
        List<Prepared> prepared = List.of(new Prepared(message, Contents.store(blobs, message.content())));
        return db.write(tx -> {
            Appended appended = appendRows(tx, destination, prepared, false).getFirst();
            // A missing source fails here, inside the transaction, so the append above is undone with it.
            List<Uid> expunged = expungeRows(tx, source, new UidSet(List.of(uid)), false);
            // Checked once both halves are done, so replacing a message with one no larger never goes over quota.
            Quotas.check(tx.connection(), MailboxRow.selectable(tx.connection(), destination).accountId(),
                    addedBytes(prepared), expunged.isEmpty() ? 1 : 0);
            return new Replaced(appended, expunged);
        });
    }

    private static List<MessageSummary> summaries(Connection c, long mailboxId, UidSet wanted) throws SQLException {
        return select(c, "uid, flags, modseq", mailboxId, wanted, SqliteMessageStore::summary);
    }

    private static List<Row> rows(Connection c, long mailboxId, UidSet wanted) throws SQLException {
        return select(c, "uid, content_sha, flags, internal_date, size, sort_date", mailboxId, wanted,
                SqliteMessageStore::row);
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
    private static <T> List<T> select(Connection c, String columns, long mailboxId, UidSet wanted, RowReader<T> reader)
            throws SQLException {
        List<T> result = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement("SELECT " + columns
                + " FROM messages WHERE mailbox_id = ? AND uid BETWEEN ? AND ? ORDER BY uid")) {
            s.setLong(1, mailboxId);
            s.setLong(2, wanted.min());
            s.setLong(3, wanted.max());
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
        long sortDate = rs.getLong(6);
        return new Row(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getLong(4), rs.getLong(5),
                rs.wasNull() ? null : sortDate);
    }

    private static MessageSummary summary(ResultSet rs) throws SQLException {
        return new MessageSummary(new Uid(rs.getLong(1)), Columns.flags(rs.getString(2)), new ModSeq(rs.getLong(3)));
    }

    private static MailboxChange changed(MailboxRow box, long modSeq) {
        return new MailboxChange.MessagesChanged(new AccountId(box.accountId()), new MailboxId(box.id()),
                new ModSeq(modSeq));
    }
}
