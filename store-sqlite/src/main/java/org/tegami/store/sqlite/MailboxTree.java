package org.tegami.store.sqlite;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.tegami.store.AccountId;
import org.tegami.store.Mailbox;
import org.tegami.store.MailboxName;
import org.tegami.store.MailboxChange;
import org.tegami.store.MailboxId;
import org.tegami.store.ModSeq;
import org.tegami.store.SpecialUse;
import org.tegami.store.StoreError;

/** The changes to an account's mailbox tree, each run inside a caller's write transaction. */
final class MailboxTree {
    private MailboxTree() {
    }

    /** RFC 9051 §6.3.4: creates missing superiors as placeholders, and turns a placeholder into a mailbox. */
    static MailboxRow create(WriteTx tx, long accountId, String name, Set<SpecialUse> specialUse) throws SQLException {
        Connection c = tx.connection();
        createSuperiors(c, accountId, name);
        Optional<MailboxRow> existing = MailboxRow.byName(c, accountId, name);
        MailboxRow row;
        if (existing.isEmpty()) {
            row = MailboxRow.insert(c, accountId, name, specialUse, true);
        } else if (existing.get().selectable()) {
            throw new StoreError(StoreError.Kind.ALREADY_EXISTS, "the mailbox already exists");
        } else {
            // A placeholder becoming a mailbox is a new incarnation: fresh UIDVALIDITY and counters.
            long uidValidity = MailboxRow.nextUidValidity(c);
            try (PreparedStatement s = c.prepareStatement("UPDATE mailboxes SET uidvalidity = ?, uidnext = 1,"
                    + " highest_modseq = ?, recent_floor_uid = 1, special_use = ?, selectable = 1 WHERE id = ?")) {
                s.setLong(1, uidValidity);
                s.setLong(2, MailboxRow.INITIAL_MODSEQ);
                s.setString(3, Columns.specialUse(specialUse));
                s.setLong(4, existing.get().id());
                s.executeUpdate();
            }
            row = MailboxRow.byId(c, existing.get().id()).orElseThrow();
        }
        tx.publish(new MailboxChange.MailboxListChanged(new AccountId(accountId)));
        return row;
    }

    /**
     * RFC 9051 §6.3.9. A mailbox with inferiors is replaced by a placeholder under a new id, so sessions
     * holding the old id see it as gone rather than as an empty mailbox with the same UIDVALIDITY.
     */
    static void delete(WriteTx tx, long accountId, String name) throws SQLException {
        Connection c = tx.connection();
        if (name.equals(Mailbox.INBOX)) {
            throw new StoreError(StoreError.Kind.CANNOT, "INBOX cannot be deleted");
        }
        MailboxRow row = MailboxRow.byName(c, accountId, name)
                .orElseThrow(() -> new StoreError(StoreError.Kind.NONEXISTENT, "no such mailbox"));
        boolean hasInferiors = MailboxRow.selfAndInferiors(c, accountId, name).size() > 1;
        if (hasInferiors && !row.selectable()) {
            throw new StoreError(StoreError.Kind.CANNOT, "the mailbox has inferior hierarchical names");
        }
        deleteRow(tx, row);
        if (hasInferiors) {
            MailboxRow.insert(c, accountId, name, Set.of(), false);
        }
        tx.publish(new MailboxChange.MailboxListChanged(new AccountId(accountId)));
    }

    /** Removes a mailbox row with its messages (dropping their content references) and expunge history. */
    static void deleteRow(WriteTx tx, MailboxRow row) throws SQLException {
        Connection c = tx.connection();
        Map<String, Long> refs = new LinkedHashMap<>();
        try (PreparedStatement s = c.prepareStatement(
                "SELECT content_sha, count(*) FROM messages WHERE mailbox_id = ? GROUP BY content_sha")) {
            s.setLong(1, row.id());
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    refs.put(rs.getString(1), rs.getLong(2));
                }
            }
        }
        try (PreparedStatement s = c.prepareStatement("DELETE FROM messages WHERE mailbox_id = ?")) {
            s.setLong(1, row.id());
            s.executeUpdate();
        }
        Contents.release(tx, refs);
        try (PreparedStatement s = c.prepareStatement("DELETE FROM mailboxes WHERE id = ?")) {
            s.setLong(1, row.id());
            s.executeUpdate();
        }
        // A session that had it selected learns from its next read that the mailbox is gone.
        tx.publish(new MailboxChange.MessagesChanged(new AccountId(row.accountId()), new MailboxId(row.id()),
                new ModSeq(row.highestModSeq())));
    }

    /** RFC 9051 §6.3.6: renames a mailbox and its inferiors, keeping their ids and UIDVALIDITY. */
    static void rename(WriteTx tx, long accountId, String from, String to) throws SQLException {
        Connection c = tx.connection();
        MailboxRow source = MailboxRow.byName(c, accountId, from)
                .orElseThrow(() -> new StoreError(StoreError.Kind.NONEXISTENT, "no such mailbox"));
        if (MailboxRow.byName(c, accountId, to).isPresent()) {
            throw new StoreError(StoreError.Kind.ALREADY_EXISTS, "the target mailbox already exists");
        }
        if (from.equals(Mailbox.INBOX)) {
            renameInbox(tx, source, to);
        } else {
            if (MailboxName.isSelfOrInferior(to, from)) {
                throw new StoreError(StoreError.Kind.CANNOT, "a mailbox cannot be moved under itself");
            }
            List<MailboxRow> moving = MailboxRow.selfAndInferiors(c, accountId, from);
            for (MailboxRow row : moving) {
                if (MailboxRow.byName(c, accountId, to + row.name().substring(from.length())).isPresent()) {
                    throw new StoreError(StoreError.Kind.ALREADY_EXISTS, "a target mailbox already exists");
                }
            }
            try (PreparedStatement s = c.prepareStatement("UPDATE mailboxes SET name = ? WHERE id = ?")) {
                for (MailboxRow row : moving) {
                    s.setString(1, to + row.name().substring(from.length()));
                    s.setLong(2, row.id());
                    s.executeUpdate();
                }
            }
            createSuperiors(c, accountId, to);
        }
        tx.publish(new MailboxChange.MailboxListChanged(new AccountId(accountId)));
    }

    /**
     * RFC 9051 §6.3.6: renaming INBOX moves its messages into a new mailbox and leaves INBOX, empty, in
     * place; its inferiors stay where they are. The new mailbox is a new incarnation with its own
     * UIDVALIDITY, so the messages keep their UIDs (and INBOX keeps counting after them, never reusing one).
     * In INBOX they count as expunged, so its sessions see them vanish.
     */
    private static void renameInbox(WriteTx tx, MailboxRow inbox, String to) throws SQLException {
        Connection c = tx.connection();
        createSuperiors(c, inbox.accountId(), to);
        MailboxRow target = MailboxRow.insert(c, inbox.accountId(), to, Set.of(), true);
        long modSeq = MailboxRow.nextModSeq(c, inbox.id());
        try (PreparedStatement s = c.prepareStatement(
                "INSERT INTO expunged (mailbox_id, uid, modseq) SELECT mailbox_id, uid, ? FROM messages WHERE mailbox_id = ?")) {
            s.setLong(1, modSeq);
            s.setLong(2, inbox.id());
            s.executeUpdate();
        }
        try (PreparedStatement s = c.prepareStatement("UPDATE messages SET mailbox_id = ? WHERE mailbox_id = ?")) {
            s.setLong(1, target.id());
            s.setLong(2, inbox.id());
            s.executeUpdate();
        }
        try (PreparedStatement s = c.prepareStatement("UPDATE mailboxes SET uidnext = ?, highest_modseq = ?,"
                + " recent_floor_uid = ? WHERE id = ?")) {
            s.setLong(1, inbox.uidNext());
            s.setLong(2, inbox.highestModSeq());
            s.setLong(3, inbox.recentFloorUid());
            s.setLong(4, target.id());
            s.executeUpdate();
        }
        tx.publish(new MailboxChange.MessagesChanged(new AccountId(inbox.accountId()), new MailboxId(inbox.id()),
                new ModSeq(modSeq)));
        copyAnnotations(tx, inbox.id(), target);
    }

    /**
     * RFC 5464 §4.1: renaming INBOX copies its metadata entries to the new mailbox, and INBOX keeps them; each
     * copied entry is announced as set on the new mailbox.
     */
    private static void copyAnnotations(WriteTx tx, long inboxId, MailboxRow target) throws SQLException {
        Connection c = tx.connection();
        try (PreparedStatement s = c.prepareStatement("INSERT INTO mailbox_annotations"
                + " (mailbox_id, account_id, scope, path, value)"
                + " SELECT ?, account_id, scope, path, value FROM mailbox_annotations WHERE mailbox_id = ?")) {
            s.setLong(1, target.id());
            s.setLong(2, inboxId);
            s.executeUpdate();
        }
        try (PreparedStatement s = c.prepareStatement(
                "SELECT scope, path FROM mailbox_annotations WHERE mailbox_id = ? AND account_id = ?")) {
            s.setLong(1, target.id());
            s.setLong(2, target.accountId());
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    tx.publish(new MailboxChange.MetadataChanged(new AccountId(target.accountId()),
                            Optional.of(new MailboxId(target.id())), "/" + rs.getString(1) + rs.getString(2)));
                }
            }
        }
    }

    private static void createSuperiors(Connection c, long accountId, String name) throws SQLException {
        for (String superior : MailboxName.superiors(name)) {
            if (MailboxRow.byName(c, accountId, superior).isEmpty()) {
                MailboxRow.insert(c, accountId, superior, Set.of(), false);
            }
        }
    }
}
