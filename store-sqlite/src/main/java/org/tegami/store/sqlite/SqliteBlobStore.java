package org.tegami.store.sqlite;

import org.tegami.blob.files.FileBlobStore;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Consumer;
import org.tegami.store.BlobStore;
import org.tegami.store.ContentId;

/**
 * Message bytes as the SQLite store keeps them: a message of at most {@code inlineMessageMaxBytes} (none when
 * it is 0) inside the database, in {@code content_bytes}, written in the same transaction as its content row;
 * larger ones, and every one stored before schema 11, as content-addressed files. Both are addressed by the
 * SHA-256 of the bytes, so a reader need not know where a content is: the database is asked first, then the
 * file system.
 */
final class SqliteBlobStore implements BlobStore {
    private final Database db;
    private final FileBlobStore files;
    private final int inlineMessageMaxBytes;

    SqliteBlobStore(Database db, FileBlobStore files, int inlineMessageMaxBytes) {
        if (inlineMessageMaxBytes < 0) {
            throw new IllegalArgumentException("inlineMessageMaxBytes must not be negative");
        }
        this.db = db;
        this.files = files;
        this.inlineMessageMaxBytes = inlineMessageMaxBytes;
    }

    /** The files, for what is stored outside the database. */
    FileBlobStore files() {
        return files;
    }

    /** Whether a message of {@code size} bytes goes into the database rather than a file. */
    boolean isInline(long size) {
        return inlineMessageMaxBytes > 0 && size <= inlineMessageMaxBytes;
    }

    /**
     * Writes the bytes as a durable file. Bytes kept inline are written only with the content row that refers
     * to them (see {@link Contents#reference}); a file is the one place bytes can be without a row.
     */
    @Override
    public ContentId put(byte[] content) {
        return files.put(content);
    }

    @Override
    public boolean exists(ContentId id) {
        return inline(id, "1", rs -> Boolean.TRUE).isPresent() || files.exists(id);
    }

    @Override
    public byte[] read(ContentId id) {
        Optional<byte[]> inline = inline(id, "bytes", SqliteBlobStore::bytes);
        return inline.isPresent() ? inline.get() : files.read(id);
    }

    @Override
    public byte[] read(ContentId id, long offset, int length) {
        if (offset < 0 || length < 0) {
            throw new IllegalArgumentException("negative offset or length");
        }
        // substr counts a BLOB's bytes from 1, and gives an empty BLOB past the end.
        Optional<byte[]> inline = inline(id, "substr(bytes, ?, ?)", SqliteBlobStore::bytes, offset + 1, length);
        return inline.isPresent() ? inline.get() : files.read(id, offset, length);
    }

    @Override
    public long size(ContentId id) {
        Optional<Long> inline = inline(id, "length(bytes)", rs -> rs.getLong(1));
        return inline.isPresent() ? inline.get() : files.size(id);
    }

    /** Removes a file; inline bytes go with their content row, in its transaction. */
    @Override
    public void delete(ContentId id) {
        files.delete(id);
    }

    /** The files stored before {@code before}: inline bytes are never orphans, since they have a row. */
    @Override
    public void forEachStoredBefore(Instant before, Consumer<ContentId> action) {
        files.forEachStoredBefore(before, action);
    }

    /** Reads the one column of a result row. */
    @FunctionalInterface
    private interface Column<T> {
        T read(ResultSet rs) throws SQLException;
    }

    /**
     * The value of {@code expression} (over the column {@code bytes} and the numbers given for its parameters)
     * for the content's inline row, if it has one.
     */
    private <T> Optional<T> inline(ContentId id, String expression, Column<T> column, long... parameters) {
        return db.read(c -> {
            try (PreparedStatement s = c.prepareStatement(
                    "SELECT " + expression + " FROM content_bytes WHERE sha = ?")) {
                for (int i = 0; i < parameters.length; i++) {
                    s.setLong(i + 1, parameters[i]);
                }
                s.setString(parameters.length + 1, id.sha256());
                try (ResultSet rs = s.executeQuery()) {
                    return rs.next() ? Optional.of(column.read(rs)) : Optional.<T>empty();
                }
            }
        });
    }

    private static byte[] bytes(ResultSet rs) throws SQLException {
        byte[] bytes = rs.getBytes(1);
        // The driver gives NULL for an empty BLOB.
        return bytes == null ? new byte[0] : bytes;
    }
}
