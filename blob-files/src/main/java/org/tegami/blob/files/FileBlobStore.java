package org.tegami.blob.files;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.tegami.store.BlobStore;
import org.tegami.store.ContentId;
import org.tegami.store.StoreError;

/**
 * Message bytes as immutable files named by their SHA-256: {@code root/ab/cd/abcd…}. Two directory
 * levels keep any one directory small enough for every file system. A file only ever appears under its
 * final name complete and fsynced, so a reader never sees a partial blob.
 */
public final class FileBlobStore implements BlobStore {
    private final Path root;

    public FileBlobStore(Path root) {
        this.root = root;
        try {
            // The blob root and the data directory above it must survive a power loss too.
            Path absolute = root.toAbsolutePath();
            if (!Files.isDirectory(absolute)) {
                createDurably(absolute);
            }
        } catch (IOException e) {
            throw unavailable(e);
        }
    }

    /** The SHA-256 address of some bytes, without storing them. */
    public static ContentId address(byte[] content) {
        return ContentId.of(content);
    }

    /** Where a blob lives; exposed to the package so tests can check the file itself. */
    Path path(ContentId id) {
        String hex = id.sha256();
        return root.resolve(hex.substring(0, 2)).resolve(hex.substring(2, 4)).resolve(hex);
    }

    @Override
    public ContentId put(byte[] content) {
        ContentId id = address(content);
        Path target = path(id);
        try {
            Path dir = target.getParent();
            if (!Files.isDirectory(dir)) {
                createDurably(dir);
            }
            if (!Files.exists(target)) {
                writeDurably(dir, target, content);
            } else {
                // The caller is about to commit metadata that refers to these bytes. Orphan cleanup takes only
                // blobs stored before its grace period; renewing the time keeps it from judging an old, so far
                // unreferenced blob an orphan and deleting it in between.
                Files.setLastModifiedTime(target, FileTime.from(Instant.now()));
            }
            // The name may have been created by a writer that crashed before syncing the directory;
            // syncing again is cheap and makes "exists" mean "durable" for our caller.
            fsyncDirectory(dir);
            return id;
        } catch (IOException e) {
            throw unavailable(e);
        }
    }

    private void writeDurably(Path dir, Path target, byte[] content) throws IOException {
        Path temp = Files.createTempFile(dir, ".tmp-", "");
        try {
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
                ByteBuffer buffer = ByteBuffer.wrap(content);
                while (buffer.hasRemaining()) {
                    channel.write(buffer);
                }
                channel.force(true);
            }
            try {
                Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                throw new IOException("the blob directory does not support atomic rename", e);
            }
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    /** Creates the missing directories and syncs each new entry's parent, so the path survives a crash. */
    private void createDurably(Path dir) throws IOException {
        Path parent = dir.getParent();
        if (parent == null) {
            return;
        }
        if (!Files.isDirectory(parent)) {
            createDurably(parent);
        }
        try {
            Files.createDirectory(dir);
        } catch (java.nio.file.FileAlreadyExistsException raced) {
            // another writer created it at the same time; it syncs the parent itself
        }
        fsyncDirectory(parent);
    }

    private static void fsyncDirectory(Path dir) throws IOException {
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        }
    }

    @Override
    public boolean exists(ContentId id) {
        return Files.isRegularFile(path(id));
    }

    @Override
    public byte[] read(ContentId id) {
        try {
            return Files.readAllBytes(path(id));
        } catch (NoSuchFileException e) {
            throw missing(id);
        } catch (IOException e) {
            throw unavailable(e);
        }
    }

    @Override
    public byte[] read(ContentId id, long offset, int length) {
        if (offset < 0 || length < 0) {
            throw new IllegalArgumentException("negative offset or length");
        }
        try (FileChannel channel = FileChannel.open(path(id), StandardOpenOption.READ)) {
            long available = Math.max(0, channel.size() - offset);
            ByteBuffer buffer = ByteBuffer.allocate((int) Math.min(length, available));
            long position = offset;
            while (buffer.hasRemaining()) {
                int n = channel.read(buffer, position);
                if (n < 0) {
                    break;
                }
                position += n;
            }
            return buffer.position() == buffer.capacity()
                    ? buffer.array()
                    : java.util.Arrays.copyOf(buffer.array(), buffer.position());
        } catch (NoSuchFileException e) {
            throw missing(id);
        } catch (IOException e) {
            throw unavailable(e);
        }
    }

    @Override
    public long size(ContentId id) {
        try {
            return Files.size(path(id));
        } catch (NoSuchFileException e) {
            throw missing(id);
        } catch (IOException e) {
            throw unavailable(e);
        }
    }

    @Override
    public void delete(ContentId id) {
        try {
            Files.deleteIfExists(path(id));
        } catch (IOException e) {
            throw unavailable(e);
        }
    }

    @Override
    public void forEachStoredBefore(Instant before, Consumer<ContentId> action) {
        if (!Files.isDirectory(root)) {
            return;
        }
        // Only the two fan-out levels hold blobs; temporary files (".tmp-…") are writes in progress.
        try (Stream<Path> files = Files.find(root, 3, (file, attributes) -> attributes.isRegularFile()
                && attributes.lastModifiedTime().toInstant().isBefore(before))) {
            files.map(file -> file.getFileName().toString())
                    .filter(ContentId::isSha256Hex)
                    .map(ContentId::new)
                    .forEach(action);
        } catch (IOException | UncheckedIOException e) {
            throw unavailable(e instanceof IOException io ? io : ((UncheckedIOException) e).getCause());
        }
    }

    private static StoreError missing(ContentId id) {
        return new StoreError(StoreError.Kind.NONEXISTENT, "no such message content");
    }

    private static StoreError unavailable(IOException e) {
        return new StoreError(StoreError.Kind.UNAVAILABLE, "message storage is not available", new UncheckedIOException(e));
    }
}
