package org.tegami.blob.files;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tegami.store.BlobStore;
import org.tegami.store.ContentId;
import org.tegami.store.contract.BlobStoreContract;

class FileBlobStoreTest implements BlobStoreContract {

    @TempDir
    Path dir;

    private FileBlobStore blobs;

    @BeforeEach
    void open() {
        blobs = new FileBlobStore(dir.resolve("blobs"));
    }

    @Override
    public BlobStore blobStore() {
        return blobs;
    }

    @Test
    void aWriteInProgressIsNotListedAsABlob() throws IOException {
        ContentId stored = blobs.put("stored".getBytes());
        Path fanOut = blobs.path(stored).getParent();
        Files.writeString(fanOut.resolve(".tmp-123"), "half written");
        List<ContentId> listed = new ArrayList<>();
        blobs.forEachStoredBefore(Instant.now().plus(Duration.ofMinutes(1)), listed::add);
        assertEquals(List.of(stored), listed);
    }

    @Test
    void storingBytesAgainRenewsTheirTimeSoOrphanCleanupDoesNotTakeThem() throws IOException {
        ContentId id = blobs.put("old bytes".getBytes());
        Files.setLastModifiedTime(blobs.path(id), FileTime.from(Instant.now().minus(Duration.ofDays(2))));
        List<ContentId> old = new ArrayList<>();
        blobs.forEachStoredBefore(Instant.now().minus(Duration.ofDays(1)), old::add);
        assertEquals(List.of(id), old);

        blobs.put("old bytes".getBytes());
        List<ContentId> stillOld = new ArrayList<>();
        blobs.forEachStoredBefore(Instant.now().minus(Duration.ofDays(1)), stillOld::add);
        assertEquals(List.of(), stillOld, "a blob stored again is as new as the reference about to be committed");
    }
}
