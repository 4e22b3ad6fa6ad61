package org.tegami.store.postgres;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Map;
import org.tegami.message.MessageParser;
import org.tegami.message.ParsedMessage;
import org.tegami.message.StructureCodec;
import org.tegami.store.BlobStore;
import org.tegami.store.ContentId;

/**
 * Reference counts of stored contents, per account. A content row lives while a message of its account
 * refers to it; a blob lives while any content row or queue entry refers to it. When the last reference
 * goes, the blob is removed once the transaction has ended (see {@link Database#deleteUnreferencedBlobs}).
 */
final class Contents {
    private Contents() {
    }

    /** Bytes stored durably as a blob and parsed, both done before the transaction; not yet referenced. */
    record Stored(ContentId id, byte[] bytes, byte[] structure, byte[] headers, String bodyText) {
    }

    /**
     * Parses the bytes and writes them as a durable blob: the blob store acknowledges them durable before
     * any metadata refers to them, so a committed message always has its bytes.
     */
    static Stored store(BlobStore blobs, byte[] bytes) {
        ParsedMessage parsed = MessageParser.parse(bytes);
        byte[] structure = StructureCodec.encode(parsed.structure());
        ContentId id = blobs.put(bytes);
        return new Stored(id, bytes, structure, Columns.headers(parsed.headers()),
                parsed.bodyText() == null ? "" : Columns.text(parsed.bodyText()));
    }

    /**
     * Takes the blob's advisory lock until the transaction ends. Whoever adds a first reference to a blob
     * and whoever removes an unreferenced blob both hold it, so they never overlap.
     */
    static void lockBlob(Connection c, ContentId id) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT pg_advisory_xact_lock(hashtextextended(?, 0))")) {
            s.setString(1, id.sha256());
            s.executeQuery().close();
        }
    }

    /** Whether a message of any account or a queue entry refers to the blob (a slow path: cleanup only). */
    static boolean isReferenced(Connection c, ContentId id) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT EXISTS (SELECT 1 FROM contents WHERE sha = ?)"
                + " OR EXISTS (SELECT 1 FROM queue WHERE content_sha = ?)")) {
            s.setString(1, id.sha256());
            s.setString(2, id.sha256());
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getBoolean(1);
            }
        }
    }

    /**
     * Makes sure the blob is there under its lock: we wrote it before the transaction, and the removal of
     * the last holder of the same bytes may have deleted it since; under the lock nobody can remove it
     * again before our reference is committed.
     */
    static void ensureBlob(WriteTx tx, BlobStore blobs, ContentId id, byte[] bytes) throws SQLException {
        lockBlob(tx.connection(), id);
        if (blobs instanceof PostgresBlobStore inDatabase) {
            // Within this transaction: a second pooled connection per append could exhaust the pool.
            if (!inDatabase.exists(tx.connection(), id)) {
                inDatabase.put(tx.connection(), bytes);
            }
        } else if (!blobs.exists(id)) {
            blobs.put(bytes);
        }
    }

    /** Deletes the blob if nothing refers to it, under its lock, within the transaction; true if deleted. */
    static boolean deleteIfUnreferenced(WriteTx tx, BlobStore blobs, ContentId id) throws SQLException {
        lockBlob(tx.connection(), id);
        if (isReferenced(tx.connection(), id)) {
            return false;
        }
        if (blobs instanceof PostgresBlobStore inDatabase) {
            inDatabase.delete(tx.connection(), id);
        } else {
            blobs.delete(id);
        }
        return true;
    }

    /** Takes one reference to stored content for a message of the account, creating its row if needed. */
    static void reference(WriteTx tx, BlobStore blobs, long accountId, Stored content) throws SQLException {
        String sha = content.id().sha256();
        if (acquire(tx, accountId, sha, 1)) {
            return;
        }
        ensureBlob(tx, blobs, content.id(), content.bytes());
        try (PreparedStatement s = tx.connection().prepareStatement("INSERT INTO contents"
                + " (account_id, sha, size, structure, headers, body, refcount) VALUES (?, ?, ?, ?, ?, ?, 1)")) {
            s.setLong(1, accountId);
            s.setString(2, sha);
            s.setLong(3, content.bytes().length);
            s.setBytes(4, content.structure());
            s.setBytes(5, content.headers());
            s.setString(6, content.bodyText());
            s.executeUpdate();
        }
    }

    /** Adds references to an existing content row of the account; false if there is no such row. */
    static boolean acquire(WriteTx tx, long accountId, String sha, long count) throws SQLException {
        try (PreparedStatement s = tx.connection().prepareStatement(
                "UPDATE contents SET refcount = refcount + ? WHERE account_id = ? AND sha = ?")) {
            s.setLong(1, count);
            s.setLong(2, accountId);
            s.setString(3, sha);
            return s.executeUpdate() == 1;
        }
    }

    /** Drops references; the message rows holding them must already be deleted (the foreign keys insist). */
    static void release(WriteTx tx, long accountId, Map<String, Long> countsBySha) throws SQLException {
        try (PreparedStatement dec = tx.connection().prepareStatement("UPDATE contents SET refcount = refcount - ?"
                        + " WHERE account_id = ? AND sha = ? RETURNING refcount");
                PreparedStatement del = tx.connection().prepareStatement(
                        "DELETE FROM contents WHERE account_id = ? AND sha = ?")) {
            for (Map.Entry<String, Long> e : countsBySha.entrySet()) {
                dec.setLong(1, e.getValue());
                dec.setLong(2, accountId);
                dec.setString(3, e.getKey());
                long left;
                try (ResultSet rs = dec.executeQuery()) {
                    left = rs.next() ? rs.getLong(1) : -1;
                }
                if (left == 0) {
                    del.setLong(1, accountId);
                    del.setString(2, e.getKey());
                    del.executeUpdate();
                    tx.deleteBlobIfUnreferenced(new ContentId(e.getKey()));
                }
            }
        }
    }
}
