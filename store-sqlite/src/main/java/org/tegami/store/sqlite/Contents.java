package org.tegami.store.sqlite;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Map;
import org.tegami.store.ContentId;

/**
 * Reference counts of stored contents. A content row lives while a message refers to it; when the last
 * reference goes, the row goes and its blob is removed once the transaction has ended.
 */
final class Contents {
    private Contents() {
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

    /** Drops references; the messages holding them must already be deleted (the foreign key insists). */
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
