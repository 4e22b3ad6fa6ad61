package org.tegami.store.postgres;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.tegami.store.BlobStore;
import org.tegami.store.ContentId;
import org.tegami.store.StoreError;

/**
 * Message bytes in the {@code blobs} table, for deployments small enough to keep everything in one
 * database ({@code [blobs] backend = "postgres"}). A blob is durable once its insert has committed
 * (PostgreSQL flushes the WAL at commit). {@code stored_at} is refreshed when the same bytes are put
 * again, so a blob an append is about to refer to never looks old to the orphan sweep.
 */
final class PostgresBlobStore implements BlobStore {
    private final Database db;
    private final Clock clock;

    PostgresBlobStore(Database db, Clock clock) {
        this.db = db;
        this.clock = clock;
    }

    @Override
    public ContentId put(byte[] content) {
        return db.write(tx -> put(tx.connection(), content));
    }

    /**
     * Puts the bytes within the caller's transaction. The store's own transactions use this rather than
     * {@link #put}: taking a second pooled connection while holding one could exhaust the pool.
     */
    ContentId put(Connection c, byte[] content) throws SQLException {
        ContentId id = ContentId.of(content);
        try (PreparedStatement s = c.prepareStatement("INSERT INTO blobs (sha, content, stored_at)"
                + " VALUES (?, ?, ?) ON CONFLICT (sha) DO UPDATE SET stored_at = greatest(blobs.stored_at,"
                + " excluded.stored_at)")) {
            s.setString(1, id.sha256());
            s.setBytes(2, content);
            s.setLong(3, clock.millis());
            s.executeUpdate();
        }
        return id;
    }

    @Override
    public boolean exists(ContentId id) {
        return db.read(c -> exists(c, id));
    }

    /** Whether the blob exists, seen from the caller's transaction. */
    boolean exists(Connection c, ContentId id) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT 1 FROM blobs WHERE sha = ?")) {
            s.setString(1, id.sha256());
            try (ResultSet rs = s.executeQuery()) {
                return rs.next();
            }
        }
    }

    @Override
    public byte[] read(ContentId id) {
        return db.read(c -> {
            try (PreparedStatement s = c.prepareStatement("SELECT content FROM blobs WHERE sha = ?")) {
                s.setString(1, id.sha256());
                try (ResultSet rs = s.executeQuery()) {
                    if (!rs.next()) {
                        throw missing();
                    }
                    return rs.getBytes(1);
                }
            }
        });
    }

    /** Only the requested chunks are read: the column is stored uncompressed (see the schema). */
    @Override
    public byte[] read(ContentId id, long offset, int length) {
        if (offset < 0 || length < 0) {
            throw new IllegalArgumentException("negative offset or length");
        }
        return db.read(c -> {
            try (PreparedStatement s = c.prepareStatement("SELECT substring(content FROM ? FOR ?) FROM blobs WHERE sha = ?")) {
                // SQL positions start at 1.
                s.setInt(1, (int) Math.min(offset, Integer.MAX_VALUE - 1L) + 1);
                s.setInt(2, length);
                s.setString(3, id.sha256());
                try (ResultSet rs = s.executeQuery()) {
                    if (!rs.next()) {
                        throw missing();
                    }
                    return rs.getBytes(1);
                }
            }
        });
    }

    @Override
    public long size(ContentId id) {
        return db.read(c -> {
            try (PreparedStatement s = c.prepareStatement("SELECT octet_length(content) FROM blobs WHERE sha = ?")) {
                s.setString(1, id.sha256());
                try (ResultSet rs = s.executeQuery()) {
                    if (!rs.next()) {
                        throw missing();
                    }
                    return rs.getLong(1);
                }
            }
        });
    }

    @Override
    public void delete(ContentId id) {
        db.write(tx -> {
            delete(tx.connection(), id);
            return null;
        });
    }

    /** Deletes the blob within the caller's transaction. */
    void delete(Connection c, ContentId id) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("DELETE FROM blobs WHERE sha = ?")) {
            s.setString(1, id.sha256());
            s.executeUpdate();
        }
    }

    @Override
    public void forEachStoredBefore(Instant before, Consumer<ContentId> action) {
        List<ContentId> found = db.read(c -> {
            List<ContentId> ids = new ArrayList<>();
            try (PreparedStatement s = c.prepareStatement("SELECT sha FROM blobs WHERE stored_at < ?")) {
                s.setLong(1, before.toEpochMilli());
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        ids.add(new ContentId(rs.getString(1)));
                    }
                }
            }
            return ids;
        });
        // Outside the read transaction, so the action may write (the orphan sweep deletes).
        found.forEach(action);
    }

    private static StoreError missing() {
        return new StoreError(StoreError.Kind.NONEXISTENT, "no such message content");
    }
}
