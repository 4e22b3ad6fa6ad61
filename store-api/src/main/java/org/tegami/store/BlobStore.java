package org.tegami.store;

import java.time.Instant;
import java.util.function.Consumer;

/**
 * Content-addressed storage of message bytes. A blob is immutable; putting the same bytes twice stores
 * them once. {@link #put} returns only once the bytes are durable.
 */
public interface BlobStore {

    /** Stores the bytes durably (written, fsynced, directory fsynced) and returns their address. */
    ContentId put(byte[] content);

    boolean exists(ContentId id);

    /** All bytes of a blob. {@code NONEXISTENT} if absent. */
    byte[] read(ContentId id);

    /** {@code length} bytes from {@code offset}, fewer at the end of the blob. */
    byte[] read(ContentId id, long offset, int length);

    long size(ContentId id);

    /** Removes a blob no message refers to any more; absent blobs are ignored. */
    void delete(ContentId id);

    /**
     * Calls {@code action} with every blob completely stored before {@code before}, in no particular order.
     * Orphan cleanup uses it: a blob is written before the metadata that refers to it is committed, so a
     * crash or a failed commit in between leaves a blob nothing refers to; only blobs older than any
     * transaction still in flight may be judged orphans.
     */
    void forEachStoredBefore(Instant before, Consumer<ContentId> action);
}
