package org.tegami.store.sqlite;

import org.tegami.blob.files.FileBlobStore;

import java.sql.Connection;
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
 * it; when the last reference goes, the row goes, and with it the bytes: in the database for a content
 * stored inline ({@code content_bytes}), else its file, removed once the transaction has ended.
 */
final class Contents {
    private Contents() {
    }

    /**
     * Bytes parsed before the write transaction, with the text the search index will hold, and either stored
     * durably as a file ({@code inline} false) or to be written into the database with their row ({@code inline}
     * true); not yet referenced.
     */
    record Stored(ContentId id, byte[] bytes, byte[] structure, byte[] headers, String bodyText,
                  SearchIndex.Text search, java.time.Instant sentDate, boolean inline) {
    }

    /**
     * Parses the bytes; those the blob store does not keep inline (see {@link SqliteBlobStore#isInline}) are written
     * as a durable file (file and directory fsynced), the others are left for {@link #reference} to write
     * inside the transaction. The row comes later with {@link #reference}; until then the sweep of any other
     * write may remove the file, which {@code reference} repairs.
     */
    static Stored store(SqliteBlobStore blobs, byte[] bytes) {
        ParsedMessage parsed = MessageParser.parse(bytes);
        byte[] structure = StructureCodec.encode(parsed.structure());
        boolean inline = blobs.isInline(bytes.length);
        ContentId id = inline ? FileBlobStore.address(bytes) : blobs.files().put(bytes);
        String bodyText = parsed.bodyText() == null ? "" : parsed.bodyText();
        return new Stored(id, bytes, structure, Columns.headers(parsed.headers()), bodyText,
                SearchIndex.text(parsed.headers(), bodyText),
                parsed.structure().sentDate() == null ? null : parsed.structure().sentDate().toInstant(),
                inline);
    }

    /**
     * Takes one reference to stored content, creating its row if no message or queue entry holds it yet.
     * Every holder, mailbox message or queue entry, counts once, so the bytes live while any of them does.
     * Bytes are addressed by their SHA-256 wherever they are kept: an existing row keeps its bytes where they
     * are (a file from before inline storage, or inline bytes after the limit was lowered), and a new holder
     * simply counts on it.
     */
    static void reference(WriteTx tx, SqliteBlobStore blobs, Stored content) throws SQLException {
        String sha = content.id().sha256();
        if (!content.inline()) {
            tx.deleteBlobIfRolledBack(content.id());
        }
        if (acquire(tx, sha, 1)) {
            if (!content.inline() && isInlineRow(tx.connection(), sha)) {
                // The same bytes are already in the database (stored while the limit was higher): the file
                // written for this append is a second copy, which the sweep after the commit removes.
                tx.deleteBlobIfUnreferenced(content.id());
            }
            return;
        }
        // We wrote the file before our transaction; the removal of the last holder of the same bytes may
        // have deleted it since. Files are removed only by the writer thread between group commits, after
        // checking for a row, so nobody can remove it again before our row is committed.
        if (!content.inline() && !blobs.files().exists(content.id())) {
            blobs.files().put(content.bytes());
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
        if (content.inline()) {
            // In the same transaction as the row that refers to it: the commit's WAL fsync makes both durable.
            try (PreparedStatement insertBytes = tx.connection().prepareStatement(
                    "INSERT INTO content_bytes (sha, bytes) VALUES (?, ?)")) {
                insertBytes.setString(1, sha);
                insertBytes.setBytes(2, content.bytes());
                insertBytes.executeUpdate();
            }
        }
        SearchIndex.add(tx.connection(), sha, content.search());
    }

    private static boolean isInlineRow(Connection c, String sha) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT 1 FROM content_bytes WHERE sha = ?")) {
            s.setString(1, sha);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next();
            }
        }
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
                PreparedStatement delBytes = tx.connection().prepareStatement(
                        "DELETE FROM content_bytes WHERE sha = ?");
                PreparedStatement del = tx.connection().prepareStatement("DELETE FROM contents WHERE sha = ?")) {
            for (Map.Entry<String, Long> e : countsBySha.entrySet()) {
                dec.setLong(1, e.getValue());
                dec.setString(2, e.getKey());
                long left;
                try (ResultSet rs = dec.executeQuery()) {
                    left = rs.next() ? rs.getLong(1) : -1;
                }
                if (left == 0) {
                    // Inline bytes go with the transaction; only a content kept in a file leaves work for after
                    // the commit, so expunging small messages never touches the file system.
                    delBytes.setString(1, e.getKey());
                    boolean inline = delBytes.executeUpdate() == 1;
                    del.setString(1, e.getKey());
                    del.executeUpdate();
                    if (!inline) {
                        tx.deleteBlobIfUnreferenced(new ContentId(e.getKey()));
                    }
                }
            }
        }
    }
}
