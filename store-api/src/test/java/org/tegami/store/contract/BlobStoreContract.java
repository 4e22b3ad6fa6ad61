package org.tegami.store.contract;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.tegami.store.BlobStore;
import org.tegami.store.ContentId;
import org.tegami.store.StoreError;

/**
 * What every {@link BlobStore} must do, whatever holds the bytes (files, a database, object storage).
 * A backend's test class implements {@link #blobStore()}, empty at the start of each test.
 */
public interface BlobStoreContract {

    /** The blob store under test; empty at the start of each test. */
    BlobStore blobStore();

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    default void aBlobIsAddressedByTheSha256OfItsBytesAndReadBackWhole() {
        byte[] content = bytes("Subject: hello\r\n\r\nbody\r\n");
        ContentId id = blobStore().put(content);
        assertEquals(ContentId.of(content), id);
        assertTrue(blobStore().exists(id));
        assertArrayEquals(content, blobStore().read(id));
        assertEquals(content.length, blobStore().size(id));
    }

    @Test
    default void theSameBytesPutTwiceAreOneBlob() {
        byte[] content = bytes("twice");
        ContentId first = blobStore().put(content);
        ContentId second = blobStore().put(content.clone());
        assertEquals(first, second);
        Set<ContentId> listed = new HashSet<>();
        blobStore().forEachStoredBefore(Instant.now().plus(Duration.ofMinutes(5)), listed::add);
        assertEquals(Set.of(first), listed);
    }

    @Test
    default void aRangeReadReturnsTheRequestedBytesAndFewerAtTheEnd() {
        byte[] content = new byte[200_000];
        new Random(7).nextBytes(content);
        ContentId id = blobStore().put(content);
        assertArrayEquals(java.util.Arrays.copyOfRange(content, 1000, 1010), blobStore().read(id, 1000, 10));
        assertArrayEquals(java.util.Arrays.copyOfRange(content, 199_990, 200_000), blobStore().read(id, 199_990, 100));
        assertEquals(0, blobStore().read(id, 200_000, 10).length, "reading at the end gives no bytes");
        assertEquals(0, blobStore().read(id, 300_000, 10).length, "reading past the end gives no bytes");
        assertArrayEquals(content, blobStore().read(id, 0, content.length));
    }

    @Test
    default void anEmptyBlobIsStoredToo() {
        ContentId id = blobStore().put(new byte[0]);
        assertTrue(blobStore().exists(id));
        assertEquals(0, blobStore().size(id));
        assertEquals(0, blobStore().read(id).length);
    }

    @Test
    default void aMissingBlobIsNonexistent() {
        ContentId missing = ContentId.of(bytes("never stored"));
        assertFalse(blobStore().exists(missing));
        assertEquals(StoreError.Kind.NONEXISTENT, assertThrows(StoreError.class, () -> blobStore().read(missing)).kind());
        assertEquals(StoreError.Kind.NONEXISTENT,
                assertThrows(StoreError.class, () -> blobStore().read(missing, 0, 10)).kind());
        assertEquals(StoreError.Kind.NONEXISTENT, assertThrows(StoreError.class, () -> blobStore().size(missing)).kind());
    }

    @Test
    default void deleteRemovesABlobAndIgnoresAnAbsentOne() {
        ContentId kept = blobStore().put(bytes("kept"));
        ContentId gone = blobStore().put(bytes("gone"));
        blobStore().delete(gone);
        blobStore().delete(gone);
        assertFalse(blobStore().exists(gone));
        assertTrue(blobStore().exists(kept));
        Set<ContentId> listed = new HashSet<>();
        blobStore().forEachStoredBefore(Instant.now().plus(Duration.ofMinutes(5)), listed::add);
        assertEquals(Set.of(kept), listed);
    }

    @Test
    default void onlyBlobsStoredBeforeTheGivenTimeAreListed() {
        ContentId a = blobStore().put(bytes("a"));
        ContentId b = blobStore().put(bytes("b"));
        Set<ContentId> listed = new HashSet<>();
        blobStore().forEachStoredBefore(Instant.now().plus(Duration.ofMinutes(5)), listed::add);
        assertEquals(Set.of(a, b), listed);
        Set<ContentId> old = new HashSet<>();
        blobStore().forEachStoredBefore(Instant.now().minus(Duration.ofHours(1)), old::add);
        assertEquals(Set.of(), old, "blobs written just now are not older than an hour");
    }
}
