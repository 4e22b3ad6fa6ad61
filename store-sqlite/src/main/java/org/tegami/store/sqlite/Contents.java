package org.tegami.store.sqlite;

import org.tegami.blob.files.FileBlobStore;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Map;
import org.tegami.message.MessageParser;
import org.tegami.message.ParsedMessage;
import org.tegami.message.StructureCodec;
import org.tegami.store.ContentId;

/**
 * Reference counts of stored contents. A content row lives while a message or a queue entry refers to
 * it; when the last reference goes, the row goes and its blob is removed once the transaction has ended.
 */
final class Contents {
    private Contents() {
    }

    /**
     * Bytes stored durably as a blob and parsed, both done before the write transaction, with the text the search
     * index will hold; not yet referenced.
     */
    record Stored(ContentId id, byte[] bytes, byte[] structure, byte[] headers, String bodyText,
                  SearchIndex.Text search, java.time.Instant sentDate) {
    }

    /**
     * Parses the bytes and writes them as a durable blob (file and directory fsynced). Its row comes later
     * with {@link #reference}; until then the sweep of any other write may remove the file, which
     * {@code reference} repairs.
     */
    static Stored store(FileBlobStore blobs, byte[] bytes) {
        ParsedMessage parsed = MessageParser.parse(bytes);
        byte[] structure = StructureCodec.encode(parsed.structure());
        ContentId id = blobs.put(bytes);
        String bodyText = parsed.bodyText() == null ? "" : parsed.bodyText();
        return new Stored(id, bytes, structure, Columns.headers(parsed.headers()), bodyText,
                SearchIndex.text(parsed.headers(), bodyText),
                parsed.structure().sentDate() == null ? null : parsed.structure().sentDate().toInstant());
    }

    /**
     * Takes one reference to stored content, creating its row if no message or queue entry holds it yet.
     * Every holder, mailbox message or queue entry, counts once, so the blob lives while any of them does.
     */
    static void reference(WriteTx tx, FileBlobStore blobs, Stored content) throws SQLException {
        String sha = content.id().sha256();
        tx.deleteBlobIfRolledBack(content.id());
        if (acquire(tx, sha, 1)) {
            return;
        }
        // We wrote the file before our transaction; the removal of the last holder of the same bytes may
        // have deleted it since. Files are removed only by the writer thread between group commits, after
        // checking for a row, so nobody can remove it again before our row is committed.
        if (!blobs.exists(content.id())) {
            blobs.put(content.bytes());
        }
        try (PreparedStatement insertContent = tx.connection().prepareStatement(
                        "INSERT INTO contents (sha, size, structure, refcount) VALUES (?, ?, ?, 1)");
                PreparedStatement insertText = tx.connection().prepareStatement(
                        "INSERT INTO content_text (sha, headers, body) VALUES (?, ?, ?)")) {
            insertContent.setString(1, sha);
            insertContent.setLong(2, content.bytes().length);
            insertContent.setBytes(3, content.structure());
            insertContent.executeUpdate();
            insertText.setString(1, sha);
            insertText.setBytes(2, content.headers());
            insertText.setString(3, content.bodyText());
            insertText.executeUpdate();
        }
        SearchIndex.add(tx.connection(), sha, content.search());
    }

    /** Adds a reference to an existing content row; false if there is no such row. */
    static boolean acquire(WriteTx tx, String sha, long count) throws SQLException {
        try (PreparedStatement s = tx.connection().prepareStatement(
                "UPDATE contents SET refcount = refcount + ? WHERE sha = ?")) {
            s.setLong(1, count);
            s.setString(2, sha);
            return s.executeUpdate() == 1;
        }
    }

    /** Drops references; the rows holding them must already be deleted (the foreign keys insist). */
    static void release(WriteTx tx, Map<String, Long> countsBySha) throws SQLException {
        try (PreparedStatement dec = tx.connection().prepareStatement(
                        "UPDATE contents SET refcount = refcount - ? WHERE sha = ? RETURNING refcount");
                PreparedStatement del = tx.connection().prepareStatement("DELETE FROM contents WHERE sha = ?")) {
            for (Map.Entry<String, Long> e : countsBySha.entrySet()) {
                dec.setLong(1, e.getValue());
                dec.setString(2, e.getKey());
                long left;
                try (ResultSet rs = dec.executeQuery()) {
                    left = rs.next() ? rs.getLong(1) : -1;
                }
                if (left == 0) {
                    del.setString(1, e.getKey());
                    del.executeUpdate();
                    tx.deleteBlobIfUnreferenced(new ContentId(e.getKey()));
                }
            }
        }
    }
}
