package org.tegami.store.sqlite;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tegami.blob.files.FileBlobStore;
import org.tegami.store.AccountId;
import org.tegami.store.ContentId;
import org.tegami.store.FlagUpdate;
import org.tegami.store.Flags;
import org.tegami.store.MailStore;
import org.tegami.store.MailboxId;
import org.tegami.store.NewMessage;
import org.tegami.store.NewQueueEntry;
import org.tegami.store.QueueEntry;
import org.tegami.store.StoreError;
import org.tegami.store.Uid;
import org.tegami.store.contract.SettableClock;
import org.tegami.store.contract.StoreFixture;

/**
 * Messages kept inside the database ({@code [store] inline_message_max_bytes}): where their bytes go, that
 * references to them are counted as for files, and that files and inline bytes of the same content never
 * lose each other when the limit changes.
 */
class InlineContentTest implements StoreFixture {

    @TempDir
    Path dir;

    private final SettableClock clock = new SettableClock(CLOCK_START);
    private Path data;
    private SqliteMailStore store;
    private int limit = SqliteMailStore.DEFAULT_INLINE_MESSAGE_MAX_BYTES;

    private SqliteMailStore open(int inlineMessageMaxBytes) {
        if (store != null) {
            store.close();
        }
        limit = inlineMessageMaxBytes;
        data = dir.resolve("data");
        store = SqliteMailStore.open(data, clock, SqliteMailStore.DEFAULT_MAX_TRANSACTIONS_PER_COMMIT,
                inlineMessageMaxBytes);
        return store;
    }

    @AfterEach
    void close() {
        if (store != null) {
            store.close();
        }
    }

    @Override
    public MailStore store() {
        if (store == null) {
            open(limit);
        }
        return store;
    }

    @Override
    public SettableClock clock() {
        return clock;
    }

    @Override
    public void reopen() {
        open(limit);
    }

    /** A valid message of exactly {@code size} bytes (at least 64): headers, then a body padded to the size. */
    private static byte[] sized(String subject, int size) {
        String head = "Subject: " + subject + "\r\nMessage-ID: <" + subject + "@example.net>\r\n\r\n";
        StringBuilder body = new StringBuilder();
        while (head.length() + body.length() + 2 < size) {
            body.append((char) ('a' + body.length() % 26));
        }
        byte[] bytes = (head + body + "\r\n").getBytes(StandardCharsets.US_ASCII);
        assertEquals(size, bytes.length);
        return bytes;
    }

    private ContentId appendBytes(MailboxId box, byte[] bytes) {
        store().messages().append(box, List.of(new NewMessage(bytes, Flags.of(), INTERNAL_DATE)));
        return ContentId.of(bytes);
    }

    private ContentId contentOf(MailboxId box, long uid) {
        return store().messages().fetch(box, uids(uid), false).getFirst().content();
    }

    /** The names of the message files under the blob directory, temporary files included. */
    private Set<String> files() throws Exception {
        Path blobs = data.resolve(SqliteMailStore.BLOB_DIRECTORY);
        try (Stream<Path> all = Files.walk(blobs)) {
            return all.filter(Files::isRegularFile).map(p -> p.getFileName().toString())
                    .collect(java.util.stream.Collectors.toCollection(TreeSet::new));
        }
    }

    private Connection raw() throws SQLException {
        return DriverManager.getConnection("jdbc:sqlite:" + data.resolve(SqliteMailStore.DATABASE_FILE));
    }

    /** The bytes the database holds for the content, or null when it holds none. */
    private byte[] inlineBytes(ContentId id) throws SQLException {
        try (Connection c = raw(); PreparedStatement s = c.prepareStatement(
                "SELECT bytes FROM content_bytes WHERE sha = ?")) {
            s.setString(1, id.sha256());
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? rs.getBytes(1) : null;
            }
        }
    }

    /** The content's reference count, or -1 when it has no row. */
    private long refcount(ContentId id) throws SQLException {
        try (Connection c = raw(); PreparedStatement s = c.prepareStatement(
                "SELECT refcount FROM contents WHERE sha = ?")) {
            s.setString(1, id.sha256());
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? rs.getLong(1) : -1;
            }
        }
    }

    private void expungeAll(MailboxId box) {
        store().messages().updateFlags(box, allUids(box), FlagUpdate.ADD, Flags.of(Flags.DELETED), null);
        store().messages().expunge(box, null);
    }

    private List<Uid> allUids(MailboxId box) {
        return store().messages().snapshot(box).messages().stream().map(m -> m.uid()).toList();
    }

    @Test
    void aSmallAppendWritesNoFileAndItsBytesComeFromTheDatabase() throws Exception {
        open(SqliteMailStore.DEFAULT_INLINE_MESSAGE_MAX_BYTES);
        MailboxId box = inbox(alice().id()).id();
        append(box, "small");
        ContentId id = contentOf(box, 1);

        assertEquals(Set.of(), files(), "the message is acknowledged without a file");
        assertArrayEquals(message("small"), inlineBytes(id));
        reopen();
        assertArrayEquals(message("small"), store.blobs().read(id));
        assertEquals(message("small").length, store.blobs().size(id));
        assertTrue(store.blobs().exists(id));
        assertArrayEquals("From:".getBytes(StandardCharsets.US_ASCII), store.blobs().read(id, 0, 5));
        assertArrayEquals("\r\n".getBytes(StandardCharsets.US_ASCII),
                store.blobs().read(id, message("small").length - 2, 100), "a read past the end gives what there is");
        assertEquals(0, store.blobs().read(id, message("small").length, 10).length);
        assertEquals(0, store.blobs().read(id, 1_000_000, 10).length);
        assertEquals("small", store.messages().fetch(box, uids(1), true).getFirst().structure().envelope().subject());
    }

    @Test
    void aMessageOfExactlyTheLimitIsInlineAndOneByteMoreIsAFile() throws Exception {
        open(1_000);
        MailboxId box = inbox(alice().id()).id();
        ContentId atLimit = appendBytes(box, sized("at", 1_000));
        ContentId past = appendBytes(box, sized("past", 1_001));

        assertArrayEquals(sized("at", 1_000), inlineBytes(atLimit));
        assertEquals(null, inlineBytes(past));
        assertEquals(Set.of(past.sha256()), files(), "only the larger message has a file");
        assertArrayEquals(sized("at", 1_000), store.blobs().read(atLimit));
        assertArrayEquals(sized("past", 1_001), store.blobs().read(past));
        assertEquals(1_001, store.blobs().size(past));
    }

    @Test
    void aLimitOfZeroKeepsEveryMessageInAFile() throws Exception {
        open(0);
        MailboxId box = inbox(alice().id()).id();
        ContentId tiny = appendBytes(box, sized("tiny", 64));
        assertEquals(null, inlineBytes(tiny));
        assertEquals(Set.of(tiny.sha256()), files());
        assertThrows(IllegalArgumentException.class, () -> SqliteMailStore.open(dir.resolve("other"), clock,
                SqliteMailStore.DEFAULT_MAX_TRANSACTIONS_PER_COMMIT, -1));
    }

    @Test
    void copyMoveAndExpungeCountTheReferencesOfInlineBytes() throws Exception {
        open(SqliteMailStore.DEFAULT_INLINE_MESSAGE_MAX_BYTES);
        AccountId a = alice().id();
        MailboxId inbox = inbox(a).id();
        MailboxId work = mailbox(a, "Work").id();
        MailboxId archive = mailbox(a, "Archive").id();
        append(inbox, "shared");
        ContentId id = contentOf(inbox, 1);
        store.messages().copy(inbox, uids(1), work);
        assertEquals(2, refcount(id), "a copy is one more reference, not a second copy of the bytes");
        store.messages().move(work, uids(1), archive);
        assertEquals(2, refcount(id), "a move keeps the count");
        append(inbox, "shared");
        assertEquals(3, refcount(id), "the same bytes appended again share the row");

        expungeAll(inbox);
        assertEquals(1, refcount(id));
        assertArrayEquals(message("shared"), store.blobs().read(contentOf(archive, 1)), "Archive still has it");
        expungeAll(archive);
        assertEquals(-1, refcount(id));
        assertEquals(null, inlineBytes(id), "the bytes went with their last reference");
        assertFalse(store.blobs().exists(id));
        assertFails(StoreError.Kind.NONEXISTENT, () -> store.blobs().read(id));
        assertFails(StoreError.Kind.NONEXISTENT, () -> store.messages().text(id));
        assertEquals(Set.of(), files());

        append(inbox, "shared");
        assertArrayEquals(message("shared"), store.blobs().read(contentOf(inbox, 3)), "the same bytes can come back");
    }

    @Test
    void deletingAMailboxOrAnAccountDeletesItsInlineBytes() throws Exception {
        open(SqliteMailStore.DEFAULT_INLINE_MESSAGE_MAX_BYTES);
        AccountId a = alice().id();
        MailboxId work = mailbox(a, "Work").id();
        append(work, "in work");
        ContentId inWork = contentOf(work, 1);
        append(inbox(a).id(), "in inbox");
        ContentId inInbox = contentOf(inbox(a).id(), 1);
        store.mailboxes().deleteMailbox(a, "Work");
        assertEquals(null, inlineBytes(inWork));
        assertArrayEquals(message("in inbox"), inlineBytes(inInbox));
        store.accounts().deleteAccount(a);
        assertEquals(null, inlineBytes(inInbox));
    }

    @Test
    void aFileFromBeforeTheLimitKeepsItsBytesWhenTheSameMessageIsAppendedInline() throws Exception {
        open(0);
        AccountId a = alice().id();
        MailboxId inbox = inbox(a).id();
        MailboxId work = mailbox(a, "Work").id();
        append(inbox, "old");
        ContentId id = contentOf(inbox, 1);
        assertEquals(Set.of(id.sha256()), files());

        open(SqliteMailStore.DEFAULT_INLINE_MESSAGE_MAX_BYTES);
        append(work, "old");
        assertEquals(2, refcount(id), "one content, two references");
        assertEquals(null, inlineBytes(id), "the content stays where it is");
        assertEquals(Set.of(id.sha256()), files());
        assertArrayEquals(message("old"), store.blobs().read(contentOf(work, 1)));

        expungeAll(inbox);
        assertEquals(Set.of(id.sha256()), files(), "Work still refers to the file");
        expungeAll(work);
        assertEquals(Set.of(), files(), "the last reference took the file");
    }

    @Test
    void inlineBytesFromAHigherLimitAreNotCopiedToAFile() throws Exception {
        open(SqliteMailStore.DEFAULT_INLINE_MESSAGE_MAX_BYTES);
        AccountId a = alice().id();
        MailboxId inbox = inbox(a).id();
        MailboxId work = mailbox(a, "Work").id();
        append(inbox, "small once");
        ContentId id = contentOf(inbox, 1);

        open(0);
        append(work, "small once");
        assertEquals(2, refcount(id));
        assertEquals(Set.of(), files(), "the file written for the second append was a second copy and is gone");
        assertArrayEquals(message("small once"), store.blobs().read(contentOf(work, 1)));
        expungeAll(inbox);
        expungeAll(work);
        assertEquals(-1, refcount(id));
        assertEquals(null, inlineBytes(id));
    }

    @Test
    void aSmallQueuedMessageIsInTheDatabaseAndGoesWithItsEntry() throws Exception {
        open(SqliteMailStore.DEFAULT_INLINE_MESSAGE_MAX_BYTES);
        QueueEntry entry = store.queue().enqueue(new NewQueueEntry("alice@example.org",
                List.of(new NewQueueEntry.Recipient("bob@example.net", null, null)), message("queued"), null, false,
                false));
        assertEquals(Set.of(), files());
        assertArrayEquals(message("queued"), store.blobs().read(entry.content()));
        assertTrue(store.queue().delete(entry.id()));
        assertEquals(null, inlineBytes(entry.content()));
        assertFalse(store.blobs().exists(entry.content()));
    }

    @Test
    void aFailedAppendLeavesNeitherBytesNorFile() throws Exception {
        open(SqliteMailStore.DEFAULT_INLINE_MESSAGE_MAX_BYTES);
        assertFails(StoreError.Kind.NONEXISTENT, () -> append(new MailboxId(4242), "lost"));
        assertEquals(null, inlineBytes(ContentId.of(message("lost"))));
        assertEquals(-1, refcount(ContentId.of(message("lost"))));
        assertEquals(Set.of(), files());
    }

    @Test
    void aVersion10DatabaseKeepsItsFilesAndStoresNewSmallMessagesInline() throws Exception {
        data = dir.resolve("data");
        Files.createDirectories(data);
        byte[] before = message("before");
        String sha = new FileBlobStore(data.resolve(SqliteMailStore.BLOB_DIRECTORY)).put(before).sha256();
        try (Connection c = raw()) {
            Schema.migrate(c, Schema.MIGRATIONS.subList(0, 10));
            try (Statement s = c.createStatement()) {
                s.execute("INSERT INTO accounts (id, address, password_hash, created_at) VALUES (7, 'a@example.org', 'h', 0)");
                s.execute("INSERT INTO mailboxes (id, account_id, name, uidvalidity, uidnext, highest_modseq,"
                        + " recent_floor_uid, special_use, selectable) VALUES (3, 7, 'INBOX', 1, 2, 2, 1, '', 1)");
                s.execute("INSERT INTO contents (sha, size, structure, refcount) VALUES ('" + sha + "', "
                        + before.length + ", x'', 1)");
                s.execute("INSERT INTO messages (mailbox_id, uid, content_sha, flags, modseq, internal_date, size)"
                        + " VALUES (3, 1, '" + sha + "', '', 2, 0, " + before.length + ")");
            }
        }
        open(SqliteMailStore.DEFAULT_INLINE_MESSAGE_MAX_BYTES);
        try (Connection c = raw(); Statement s = c.createStatement()) {
            assertEquals(Schema.latestVersion(), Schema.version(s));
            assertEquals(11, Schema.latestVersion());
        }
        MailboxId box = new MailboxId(3);
        assertArrayEquals(before, store.blobs().read(contentOf(box, 1)), "the old message is read from its file");
        append(box, "after");
        assertArrayEquals(message("after"), inlineBytes(contentOf(box, 2)));
        assertEquals(Set.of(sha), files());
    }
}
