package org.tegami.store.sqlite;

import org.tegami.blob.files.FileBlobStore;

import java.nio.file.Path;
import java.time.Clock;
import org.tegami.store.AccountDirectory;
import org.tegami.store.AccountStore;
import org.tegami.store.AppPasswords;
import org.tegami.store.Annotations;
import org.tegami.store.BlobStore;
import org.tegami.store.Blocklist;
import org.tegami.store.ChangeFeed;
import org.tegami.store.MailQueue;
import org.tegami.store.MailStore;
import org.tegami.store.MessageStore;
import org.tegami.store.ScramCredentials;
import org.tegami.store.StoreError;

/**
 * The embedded backend: metadata in {@code tegami.db} (SQLite in WAL mode), and message bytes in the same
 * database when they are small (at most {@code inlineMessageMaxBytes}) or as content-addressed files under
 * {@code blobs/}, all inside one data directory; the outbound queue lives in the same database and shares
 * the message bytes. Several processes may open the same directory (the
 * server and a CLI); writes are serialised by SQLite's lock, and within the process committed in groups
 * (see {@link Database}).
 */
public final class SqliteMailStore implements MailStore {
    static final String DATABASE_FILE = "tegami.db";
    static final String BLOB_DIRECTORY = "blobs";
    /**
     * How many write transactions one SQLite commit (and its one WAL fsync) may hold at most when that many
     * are waiting: {@code [store] max_transactions_per_commit}.
     */
    public static final int DEFAULT_MAX_TRANSACTIONS_PER_COMMIT = Database.DEFAULT_MAX_TRANSACTIONS_PER_COMMIT;
    /**
     * The largest message kept inside the database, written with its row in one transaction so that storing it
     * costs only the commit's fsync: {@code [store] inline_message_max_bytes}. Larger messages are files. 64 KiB
     * holds most mail without text attachments and keeps the write-ahead log of a group commit small.
     */
    public static final int DEFAULT_INLINE_MESSAGE_MAX_BYTES = 65_536;

    private final Database db;
    private final SqliteBlobStore blobs;
    private final LocalChangeFeed feed;
    private final SqliteAccountDirectory accounts;
    private final SqliteAccountStore mailboxes;
    private final SqliteMessageStore messages;

    private final SqliteMailQueue queue;
    private final SqliteAppPasswords appPasswords;
    private final SqliteBlocklist blocklist;
    private final SqliteScramCredentials scram;
    private final SearchBackfill searchBackfill;
    private final SqliteAnnotations annotations;

    private SqliteMailStore(Database db, SqliteBlobStore blobs, LocalChangeFeed feed, Clock clock) {
        this.db = db;
        this.blobs = blobs;
        this.feed = feed;
        this.accounts = new SqliteAccountDirectory(db, clock);
        this.mailboxes = new SqliteAccountStore(db);
        this.messages = new SqliteMessageStore(db, blobs, clock);
        this.queue = new SqliteMailQueue(db, blobs, clock);
        this.appPasswords = new SqliteAppPasswords(db, clock);
        this.blocklist = new SqliteBlocklist(db, clock);
        this.scram = new SqliteScramCredentials(db);
        this.searchBackfill = new SearchBackfill(messages);
        this.annotations = new SqliteAnnotations(db);
    }

    /**
     * Opens the store in {@code dataDir}, creating the directory and an empty database if needed and
     * migrating an older schema. {@code SCHEMA_TOO_NEW} if the database was written by a newer build;
     * {@code UNAVAILABLE} if the directory or database cannot be used.
     */
    public static SqliteMailStore open(Path dataDir) {
        return open(dataDir, Clock.systemUTC());
    }

    /**
     * As {@link #open(Path)}, with the clock that dates what the store itself timestamps: account creation,
     * when a message was added to a mailbox, when a message was queued, when a delivery attempt was recorded. Times passed in by the caller (such
     * as {@code claimDue}'s {@code now}) are taken as given.
     */
    public static SqliteMailStore open(Path dataDir, Clock clock) {
        return open(dataDir, clock, DEFAULT_MAX_TRANSACTIONS_PER_COMMIT);
    }

    /**
     * As {@link #open(Path, Clock)}, committing at most {@code maxTransactionsPerCommit} (at least 1) waiting
     * write transactions together, with one fsync of the write-ahead log.
     */
    public static SqliteMailStore open(Path dataDir, Clock clock, int maxTransactionsPerCommit) {
        return open(dataDir, clock, maxTransactionsPerCommit, DEFAULT_INLINE_MESSAGE_MAX_BYTES);
    }

    /**
     * As {@link #open(Path, Clock, int)}, keeping messages of at most {@code inlineMessageMaxBytes} inside the
     * database (none when it is 0) and larger ones as files. Where a message already stored is kept does not
     * change with the limit.
     */
    public static SqliteMailStore open(Path dataDir, Clock clock, int maxTransactionsPerCommit,
                                       int inlineMessageMaxBytes) {
        if (inlineMessageMaxBytes < 0) {
            throw new IllegalArgumentException("inlineMessageMaxBytes must not be negative");
        }
        // The blob store creates dataDir/blobs, and dataDir with it, durably (each new entry's parent fsynced).
        FileBlobStore files = new FileBlobStore(dataDir.resolve(BLOB_DIRECTORY));
        LocalChangeFeed feed = new LocalChangeFeed();
        Database db = new Database(dataDir.resolve(DATABASE_FILE), files, feed, maxTransactionsPerCommit);
        SqliteMailStore store = new SqliteMailStore(db, new SqliteBlobStore(db, files, inlineMessageMaxBytes), feed,
                clock);
        store.searchBackfill.start();
        return store;
    }

    @Override
    public AccountDirectory accounts() {
        return accounts;
    }

    @Override
    public AccountStore mailboxes() {
        return mailboxes;
    }

    @Override
    public MessageStore messages() {
        return messages;
    }

    @Override
    public BlobStore blobs() {
        return blobs;
    }

    @Override
    public ChangeFeed changes() {
        return feed;
    }

    @Override
    public MailQueue queue() {
        return queue;
    }

    @Override
    public AppPasswords appPasswords() {
        return appPasswords;
    }

    @Override
    public Blocklist blocklist() {
        return blocklist;
    }

    @Override
    public ScramCredentials scram() {
        return scram;
    }

    /** The database, for tests of the package that look at its commits. */
    Database database() {
        return db;
    }

    @Override
    public Annotations annotations() {
        return annotations;
    }

    /** Releases the database connections; calls after this fail with {@code UNAVAILABLE}. Idempotent. */
    @Override
    public void close() {
        searchBackfill.close();
        db.close();
    }
}
