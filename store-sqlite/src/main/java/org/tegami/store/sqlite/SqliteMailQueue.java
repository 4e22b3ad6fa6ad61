package org.tegami.store.sqlite;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.tegami.store.ContentId;
import org.tegami.store.DeliveryState;
import org.tegami.store.MailQueue;
import org.tegami.store.NewQueueEntry;
import org.tegami.store.QueueEntry;
import org.tegami.store.QueueId;
import org.tegami.store.QueueRecipient;
import org.tegami.store.RecipientOutcome;
import org.tegami.store.StoreError;

/**
 * The outbound queue in the {@code queue} and {@code queue_recipients} tables, its bytes in the shared
 * content-addressed files. A lease is a time in {@code lease_until}, not a lock or a connection: a holder
 * that dies (even with the whole process) leaves nothing to clean up, the lease just runs out.
 */
final class SqliteMailQueue implements MailQueue {
    private static final String SELECT = "SELECT q.id, q.sender, q.content_sha, q.size, q.queued_at, q.next_attempt,"
            + " q.envelope_id, q.return_full, q.require_tls,"
            + " r.address, r.state, r.attempts, r.last_attempt, r.last_result, r.notify, r.orcpt"
            + " FROM queue q JOIN queue_recipients r ON r.queue_id = q.id";

    private final Database db;
    private final SqliteBlobStore blobs;
    private final Clock clock;

    SqliteMailQueue(Database db, SqliteBlobStore blobs, Clock clock) {
        this.db = db;
        this.blobs = blobs;
        this.clock = clock;
    }

    /**
     * Writes the content as a durable blob first (outside the lock, as APPEND does), then commits the
     * entry, its recipients and the content reference in one transaction: once this returns the message
     * survives a crash, and a crash before that leaves at most an unreferenced file.
     */
    @Override
    public QueueEntry enqueue(NewQueueEntry entry) {
        if (entry.sender() == null || entry.content() == null) {
            throw new StoreError(StoreError.Kind.CANNOT,
                    "a queued message needs a sender (empty for the null sender) and content");
        }
        if (entry.recipients().isEmpty()) {
            throw new StoreError(StoreError.Kind.CANNOT, "a queued message needs at least one recipient");
        }
        for (NewQueueEntry.Recipient r : entry.recipients()) {
            if (r.address() == null || r.address().isBlank()) {
                throw new StoreError(StoreError.Kind.CANNOT, "a queued recipient needs an address");
            }
        }
        Contents.Stored content = Contents.store(blobs, entry.content());
        Instant now = Instant.ofEpochMilli(clock.millis());
        return db.write(tx -> {
            Connection c = tx.connection();
            Contents.reference(tx, blobs, content);
            long id;
            try (PreparedStatement s = c.prepareStatement("INSERT INTO queue (sender, content_sha, size, queued_at,"
                    + " next_attempt, envelope_id, return_full, require_tls) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"
                    + " RETURNING id")) {
                s.setString(1, entry.sender());
                s.setString(2, content.id().sha256());
                s.setLong(3, content.bytes().length);
                s.setLong(4, now.toEpochMilli());
                s.setLong(5, now.toEpochMilli());
                s.setString(6, entry.envelopeId());
                s.setBoolean(7, entry.returnFullMessage());
                s.setBoolean(8, entry.requireTls());
                try (ResultSet rs = s.executeQuery()) {
                    rs.next();
                    id = rs.getLong(1);
                }
            }
            List<QueueRecipient> recipients = new ArrayList<>();
            try (PreparedStatement s = c.prepareStatement("INSERT INTO queue_recipients (queue_id, position, address,"
                    + " state, attempts, notify, orcpt) VALUES (?, ?, ?, ?, 0, ?, ?)")) {
                int position = 0;
                for (NewQueueEntry.Recipient r : entry.recipients()) {
                    s.setLong(1, id);
                    s.setInt(2, position++);
                    s.setString(3, r.address());
                    s.setString(4, DeliveryState.PENDING.name());
                    s.setString(5, r.notifyConditions());
                    s.setString(6, r.originalRecipient());
                    s.executeUpdate();
                    recipients.add(new QueueRecipient(r.address(), DeliveryState.PENDING, 0, null, null,
                            r.notifyConditions(), r.originalRecipient()));
                }
            }
            return new QueueEntry(new QueueId(id), entry.sender(), content.id(), content.bytes().length, now, now,
                    entry.envelopeId(), entry.returnFullMessage(), entry.requireTls(), recipients);
        });
    }

    /**
     * Selecting and leasing happen in one write transaction, and write transactions are serialised (one
     * writer thread in this process, {@code BEGIN IMMEDIATE} across processes), so two callers never lease the
     * same entry.
     */
    @Override
    public List<QueueEntry> claimDue(Instant now, Duration lease, int max) {
        long at = now.toEpochMilli();
        long until = now.plus(lease).toEpochMilli();
        if (max <= 0) {
            return List.of();
        }
        return db.write(tx -> {
            Connection c = tx.connection();
            List<Long> ids = new ArrayList<>();
            try (PreparedStatement s = c.prepareStatement("SELECT id FROM queue WHERE next_attempt <= ?"
                    + " AND (lease_until IS NULL OR lease_until <= ?) ORDER BY next_attempt, id LIMIT ?")) {
                s.setLong(1, at);
                s.setLong(2, at);
                s.setInt(3, max);
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        ids.add(rs.getLong(1));
                    }
                }
            }
            List<QueueEntry> result = new ArrayList<>(ids.size());
            try (PreparedStatement s = c.prepareStatement("UPDATE queue SET lease_until = ? WHERE id = ?")) {
                for (long id : ids) {
                    s.setLong(1, until);
                    s.setLong(2, id);
                    s.executeUpdate();
                    result.add(find(c, id).orElseThrow());
                }
            }
            return result;
        });
    }

    /**
     * Outcomes are matched to recipients by their address exactly as queued. An outcome naming no
     * recipient, or one recipient twice, is {@code CANNOT} and changes nothing. An outcome for a recipient
     * that is no longer PENDING is ignored: a late report from a holder whose lease ran out must not undo
     * what a later attempt settled.
     */
    @Override
    public void recordAttempt(QueueId id, List<RecipientOutcome> outcomes, Instant nextAttempt) {
        Objects.requireNonNull(nextAttempt, "nextAttempt");
        long attemptedAt = clock.millis();
        db.write(tx -> {
            Connection c = tx.connection();
            QueueEntry entry = find(c, id.value())
                    .orElseThrow(() -> new StoreError(StoreError.Kind.NONEXISTENT, "no such queued message"));
            Map<String, RecipientOutcome> byAddress = new HashMap<>();
            for (RecipientOutcome o : outcomes) {
                boolean known = entry.recipients().stream().anyMatch(r -> r.address().equals(o.address()));
                if (!known || o.state() == null || byAddress.put(o.address(), o) != null) {
                    throw new StoreError(StoreError.Kind.CANNOT,
                            "each outcome must name a different recipient of the message and a state");
                }
            }
            try (PreparedStatement s = c.prepareStatement("UPDATE queue_recipients SET state = ?,"
                    + " attempts = attempts + 1, last_attempt = ?, last_result = ?"
                    + " WHERE queue_id = ? AND address = ? AND state = ?")) {
                for (RecipientOutcome o : byAddress.values()) {
                    s.setString(1, o.state().name());
                    s.setLong(2, attemptedAt);
                    s.setString(3, o.result());
                    s.setLong(4, id.value());
                    s.setString(5, o.address());
                    s.setString(6, DeliveryState.PENDING.name());
                    s.executeUpdate();
                }
            }
            boolean pendingLeft;
            try (PreparedStatement s = c.prepareStatement(
                    "SELECT 1 FROM queue_recipients WHERE queue_id = ? AND state = ? LIMIT 1")) {
                s.setLong(1, id.value());
                s.setString(2, DeliveryState.PENDING.name());
                try (ResultSet rs = s.executeQuery()) {
                    pendingLeft = rs.next();
                }
            }
            if (pendingLeft) {
                try (PreparedStatement s = c.prepareStatement(
                        "UPDATE queue SET next_attempt = ?, lease_until = NULL WHERE id = ?")) {
                    s.setLong(1, nextAttempt.toEpochMilli());
                    s.setLong(2, id.value());
                    s.executeUpdate();
                }
            } else {
                remove(tx, id.value());
            }
            return null;
        });
    }

    @Override
    public List<QueueEntry> list() {
        return db.read(c -> {
            try (PreparedStatement s = c.prepareStatement(SELECT + " ORDER BY q.queued_at, q.id, r.position")) {
                return entries(s);
            }
        });
    }

    @Override
    public Optional<QueueEntry> find(QueueId id) {
        return db.read(c -> find(c, id.value()));
    }

    @Override
    public boolean delete(QueueId id) {
        return db.write(tx -> remove(tx, id.value()));
    }

    @Override
    public boolean retryNow(QueueId id, Instant now) {
        return db.write(tx -> {
            try (PreparedStatement s = tx.connection().prepareStatement(
                    "UPDATE queue SET next_attempt = ?, lease_until = NULL WHERE id = ?")) {
                s.setLong(1, now.toEpochMilli());
                s.setLong(2, id.value());
                return s.executeUpdate() == 1;
            }
        });
    }

    /**
     * The earliest moment an entry can be claimed: its next attempt, or the end of its lease if that is
     * later. Reporting the next attempt of an entry being delivered right now would only make the delivery
     * loop wake up to find nothing it may take.
     */
    @Override
    public Optional<Instant> nextDue() {
        return db.read(c -> {
            try (PreparedStatement s = c.prepareStatement(
                    "SELECT min(max(next_attempt, coalesce(lease_until, next_attempt))) FROM queue");
                    ResultSet rs = s.executeQuery()) {
                rs.next();
                long millis = rs.getLong(1);
                return rs.wasNull() ? Optional.empty() : Optional.of(Instant.ofEpochMilli(millis));
            }
        });
    }

    /** Deletes an entry (its recipients cascade) and releases its content; false if there was none. */
    private static boolean remove(WriteTx tx, long id) throws SQLException {
        String sha;
        try (PreparedStatement s = tx.connection().prepareStatement(
                "DELETE FROM queue WHERE id = ? RETURNING content_sha")) {
            s.setLong(1, id);
            try (ResultSet rs = s.executeQuery()) {
                if (!rs.next()) {
                    return false;
                }
                sha = rs.getString(1);
            }
        }
        Contents.release(tx, Map.of(sha, 1L));
        return true;
    }

    private static Optional<QueueEntry> find(Connection c, long id) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(SELECT + " WHERE q.id = ? ORDER BY r.position")) {
            s.setLong(1, id);
            List<QueueEntry> found = entries(s);
            return found.isEmpty() ? Optional.empty() : Optional.of(found.getFirst());
        }
    }

    /** Entries from joined rows, which must come grouped by entry and in recipient order. */
    private static List<QueueEntry> entries(PreparedStatement s) throws SQLException {
        List<QueueEntry> result = new ArrayList<>();
        try (ResultSet rs = s.executeQuery()) {
            QueueEntry head = null;
            List<QueueRecipient> recipients = new ArrayList<>();
            while (rs.next()) {
                long id = rs.getLong(1);
                if (head == null || head.id().value() != id) {
                    if (head != null) {
                        result.add(withRecipients(head, recipients));
                        recipients = new ArrayList<>();
                    }
                    head = new QueueEntry(new QueueId(id), rs.getString(2), new ContentId(rs.getString(3)),
                            rs.getLong(4), Instant.ofEpochMilli(rs.getLong(5)), Instant.ofEpochMilli(rs.getLong(6)),
                            rs.getString(7), rs.getBoolean(8), rs.getBoolean(9), List.of());
                }
                recipients.add(new QueueRecipient(rs.getString(10), DeliveryState.valueOf(rs.getString(11)),
                        rs.getInt(12), instantOrNull(rs, 13), rs.getString(14), rs.getString(15), rs.getString(16)));
            }
            if (head != null) {
                result.add(withRecipients(head, recipients));
            }
        }
        return result;
    }

    private static QueueEntry withRecipients(QueueEntry e, List<QueueRecipient> recipients) {
        return new QueueEntry(e.id(), e.sender(), e.content(), e.size(), e.queuedAt(), e.nextAttempt(),
                e.envelopeId(), e.returnFullMessage(), e.requireTls(), recipients);
    }

    private static Instant instantOrNull(ResultSet rs, int column) throws SQLException {
        long millis = rs.getLong(column);
        return rs.wasNull() ? null : Instant.ofEpochMilli(millis);
    }
}
