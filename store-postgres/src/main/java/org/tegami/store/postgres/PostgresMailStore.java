package org.tegami.store.postgres;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tegami.store.AccountDirectory;
import org.tegami.store.AccountStore;
import org.tegami.store.AppPasswords;
import org.tegami.store.BlobStore;
import org.tegami.store.Blocklist;
import org.tegami.store.ChangeFeed;
import org.tegami.store.ContentId;
import org.tegami.store.MailQueue;
import org.tegami.store.MailStore;
import org.tegami.store.MessageStore;
import org.tegami.store.ScramCredentials;
import org.tegami.store.Annotations;

/**
 * The scale-out backend: metadata in PostgreSQL, shared by every node; message bytes in a blob store
 * (object storage, a shared file system, or the database itself); changes announced to every node over
 * LISTEN/NOTIFY. Nodes keep no state of their own, so any node can serve any account and one can die
 * without losing acknowledged mail.
 */
public final class PostgresMailStore implements MailStore {
    private static final Logger LOG = LoggerFactory.getLogger(PostgresMailStore.class);

    private final Database db;
    private final BlobStore blobs;
    private final NotifyChangeFeed feed;
    private final Clock clock;
    private final OrphanSweep sweep;
    private final ScheduledExecutorService sweeper;
    private final PostgresAccountDirectory accounts;
    private final PostgresAccountStore mailboxes;
    private final PostgresMessageStore messages;
    private final PostgresMailQueue queue;
    private final PostgresAppPasswords appPasswords;
    private final PostgresBlocklist blocklist;
    private final PostgresScramCredentials scram;
    private final PostgresAnnotations annotations;

    private PostgresMailStore(Database db, BlobStore blobs, NotifyChangeFeed feed, Clock clock, OrphanSweep sweep) {
        this.db = db;
        this.blobs = blobs;
        this.feed = feed;
        this.clock = clock;
        this.sweep = sweep;
        this.accounts = new PostgresAccountDirectory(db, clock);
        this.mailboxes = new PostgresAccountStore(db);
        this.messages = new PostgresMessageStore(db, blobs, clock);
        this.queue = new PostgresMailQueue(db, blobs, clock);
        this.appPasswords = new PostgresAppPasswords(db, clock);
        this.blocklist = new PostgresBlocklist(db, clock);
        this.scram = new PostgresScramCredentials(db);
        this.annotations = new PostgresAnnotations(db);
        this.sweeper = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().name("tegami-orphan-sweep").daemon().factory());
        long interval = sweep.interval().toMillis();
        sweeper.scheduleWithFixedDelay(this::sweepQuietly, interval, interval, TimeUnit.MILLISECONDS);
    }

    /**
     * Connects to the database, migrates its schema and starts listening for changes. Message bytes go to
     * {@code blobs}, or into the database itself when it is empty; the store closes the blob store it was
     * given when it is closed. {@code UNAVAILABLE} (with the driver's reason) when the database cannot be
     * reached or refuses the login; {@code SCHEMA_TOO_NEW} when a newer build wrote it.
     */
    public static PostgresMailStore open(PostgresSettings settings, Optional<BlobStore> blobs, Clock clock,
            OrphanSweep sweep) {
        Database db = Database.open(settings);
        try {
            BlobStore store = blobs.orElseGet(() -> new PostgresBlobStore(db, clock));
            db.useBlobs(store);
            return new PostgresMailStore(db, store, new NotifyChangeFeed(db), clock, sweep);
        } catch (RuntimeException e) {
            db.close();
            throw e;
        }
    }

    /**
     * Removes the blobs stored more than the grace period ago that no message and no queue entry refers
     * to; returns how many. Runs every sweep interval on its own; safe to run on several nodes at once.
     */
    public int sweepOrphans() {
        Instant before = clock.instant().minus(sweep.grace());
        List<ContentId> candidates = new ArrayList<>();
        blobs.forEachStoredBefore(before, candidates::add);
        return db.deleteUnreferencedBlobs(candidates);
    }

    private void sweepQuietly() {
        try {
            int removed = sweepOrphans();
            if (removed > 0) {
                LOG.info("removed {} message blobs nothing referred to", removed);
            }
        } catch (RuntimeException e) {
            LOG.warn("the orphan blob sweep failed; it runs again at the next interval", e);
        }
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

    @Override
    public Annotations annotations() {
        return annotations;
    }

    /** Stops the feed and the sweep, closes the blob store and the pool. Idempotent. */
    @Override
    public void close() {
        sweeper.shutdownNow();
        feed.close();
        if (blobs instanceof AutoCloseable closeable && !(blobs instanceof PostgresBlobStore)) {
            try {
                closeable.close();
            } catch (Exception e) {
                LOG.warn("closing the blob store failed", e);
            }
        }
        db.close();
    }
}
