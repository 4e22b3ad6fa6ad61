package org.tegami.store.postgres;

import java.sql.Connection;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.tegami.store.ContentId;
import org.tegami.store.MailboxChange;

/**
 * One write transaction in progress: its connection, the changes it announces (sent with NOTIFY inside
 * the transaction, so PostgreSQL delivers them only if, and once, it commits) and the blobs that may have
 * lost their last reference, checked once it has ended.
 */
final class WriteTx {
    private final Connection connection;
    private final List<MailboxChange> changes = new ArrayList<>();
    private final Set<ContentId> blobsToCheck = new LinkedHashSet<>();

    WriteTx(Connection connection) {
        this.connection = connection;
    }

    Connection connection() {
        return connection;
    }

    /** Announces the change on every node's feed if, and only if, the transaction commits. */
    void publish(MailboxChange change) {
        if (!changes.contains(change)) {
            changes.add(change);
        }
    }

    /** Deletes the blob after the transaction ends if nothing refers to it then. */
    void deleteBlobIfUnreferenced(ContentId id) {
        blobsToCheck.add(id);
    }

    List<MailboxChange> changes() {
        return changes;
    }

    Set<ContentId> blobsToCheck() {
        return blobsToCheck;
    }
}
