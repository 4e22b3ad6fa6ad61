package org.tegami.store.sqlite;

import java.sql.Connection;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.tegami.store.ContentId;
import org.tegami.store.MailboxChange;

/**
 * One write transaction in progress: its connection, the changes to publish once it has committed, and
 * the blobs that may have lost their last reference and are to be removed after it ends.
 */
final class WriteTx {
    private final Connection connection;
    private final List<MailboxChange> changes = new ArrayList<>();
    private final Set<ContentId> blobsToCheck = new LinkedHashSet<>();
    private final Set<ContentId> blobsIfRolledBack = new LinkedHashSet<>();

    WriteTx(Connection connection) {
        this.connection = connection;
    }

    Connection connection() {
        return connection;
    }

    /** Publishes the change on the feed if, and only if, the transaction commits. */
    void publish(MailboxChange change) {
        if (!changes.contains(change)) {
            changes.add(change);
        }
    }

    /** Deletes the blob after the transaction ends if no content row refers to it then. */
    void deleteBlobIfUnreferenced(ContentId id) {
        blobsToCheck.add(id);
    }

    /**
     * Deletes the blob if the transaction does not commit and no content row refers to it: the files an
     * append wrote before its transaction must not linger when the append fails.
     */
    void deleteBlobIfRolledBack(ContentId id) {
        blobsIfRolledBack.add(id);
    }

    Set<ContentId> blobsIfRolledBack() {
        return blobsIfRolledBack;
    }

    List<MailboxChange> changes() {
        return changes;
    }

    Set<ContentId> blobsToCheck() {
        return blobsToCheck;
    }
}
