package org.tegami.store.postgres;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tegami.store.AccountId;
import org.tegami.store.ChangeFeed;
import org.tegami.store.MailboxChange;
import org.tegami.store.MailboxId;
import org.tegami.store.ModSeq;

/**
 * The change feed of every node: each write sends its changes with NOTIFY inside its transaction
 * ({@link Database#write}), and one connection per node LISTENs and hands them to this node's listeners,
 * on the feed's own thread. PostgreSQL delivers a notification only once its transaction has committed,
 * and in commit order.
 *
 * <p>Notifications sent while the listening connection is down are lost, so after reconnecting the feed
 * tells every subscriber that its account's mailbox list and every one of its mailboxes may have changed
 * (with each mailbox's current HIGHESTMODSEQ); a session then re-reads what changed since the MODSEQ it
 * knows, and misses nothing.
 */
final class NotifyChangeFeed implements ChangeFeed, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(NotifyChangeFeed.class);
    /** The application_name of the listening connection, so an operator can tell it in pg_stat_activity. */
    static final String APPLICATION_NAME = "tegami-change-feed";
    /** How long one wait for notifications lasts, so a close is noticed soon. */
    private static final int POLL_MILLIS = 500;
    /** How long the connection may stay silent before the feed asks whether it is still alive. */
    private static final long CHECK_AFTER_SILENT_NANOS = Duration.ofSeconds(5).toNanos();
    private static final Duration FIRST_RETRY = Duration.ofMillis(50);
    private static final Duration LAST_RETRY = Duration.ofSeconds(2);

    private final Database db;
    private final ConcurrentHashMap<AccountId, CopyOnWriteArrayList<Consumer<MailboxChange>>> listeners =
            new ConcurrentHashMap<>();
    private final Thread thread;
    private volatile boolean closed;
    private volatile Connection connection;

    /** Starts listening; returns once the LISTEN is in place, so no change committed after it is missed. */
    NotifyChangeFeed(Database db) {
        this.db = db;
        try {
            this.connection = listen();
        } catch (SQLException e) {
            throw Database.translate(e);
        }
        this.thread = Thread.ofPlatform().name("tegami-change-feed").daemon().start(this::run);
    }

    @Override
    public Subscription subscribe(AccountId account, Consumer<MailboxChange> listener) {
        // A wrapper object per subscription, so subscribing the same lambda twice gives two independent handles.
        Consumer<MailboxChange> entry = listener::accept;
        listeners.compute(account, (a, list) -> {
            CopyOnWriteArrayList<Consumer<MailboxChange>> l = list == null ? new CopyOnWriteArrayList<>() : list;
            l.add(entry);
            return l;
        });
        return () -> listeners.computeIfPresent(account, (a, list) -> {
            list.remove(entry);
            return list.isEmpty() ? null : list;
        });
    }

    private Connection listen() throws SQLException {
        Connection c = db.dedicatedConnection(APPLICATION_NAME);
        try (Statement s = c.createStatement()) {
            s.execute("LISTEN \"" + db.channel().replace("\"", "\"\"") + "\"");
        } catch (SQLException e) {
            c.close();
            throw e;
        }
        return c;
    }

    private void run() {
        Duration retry = FIRST_RETRY;
        long lastHeard = System.nanoTime();
        while (!closed) {
            Connection c = connection;
            try {
                if (c == null) {
                    c = listen();
                    connection = c;
                    LOG.info("change feed reconnected to the database; asking every session to resynchronise");
                    resynchronise();
                    retry = FIRST_RETRY;
                    lastHeard = System.nanoTime();
                }
                PGNotification[] notifications = c.unwrap(PGConnection.class).getNotifications(POLL_MILLIS);
                if (notifications == null || notifications.length == 0) {
                    // A silent connection may be a dead one (a network cut sends nothing): ask it now and then.
                    if (System.nanoTime() - lastHeard > CHECK_AFTER_SILENT_NANOS) {
                        if (!c.isValid(2)) {
                            throw new SQLException("the listening connection is no longer valid", "08006");
                        }
                        lastHeard = System.nanoTime();
                    }
                    continue;
                }
                lastHeard = System.nanoTime();
                for (PGNotification n : notifications) {
                    ChangeMessage.decode(n.getParameter()).ifPresent(this::deliver);
                }
            } catch (SQLException | RuntimeException e) {
                if (closed) {
                    return;
                }
                if (c != null) {
                    LOG.warn("change feed lost its database connection; reconnecting", e);
                    closeQuietly(c);
                    connection = null;
                }
                try {
                    Thread.sleep(retry);
                } catch (InterruptedException interrupted) {
                    return;
                }
                retry = retry.multipliedBy(2).compareTo(LAST_RETRY) > 0 ? LAST_RETRY : retry.multipliedBy(2);
            }
        }
    }

    /**
     * Tells every subscribed account's listeners that anything may have changed while the feed was deaf:
     * the mailbox list, and each mailbox with its HIGHESTMODSEQ now.
     */
    private void resynchronise() throws SQLException {
        Set<AccountId> accounts = Set.copyOf(listeners.keySet());
        List<MailboxChange> changes = new ArrayList<>();
        try (Connection c = db.pool().getConnection()) {
            try (PreparedStatement s = c.prepareStatement(
                    "SELECT id, highest_modseq FROM mailboxes WHERE account_id = ? AND selectable")) {
                for (AccountId account : accounts) {
                    changes.add(new MailboxChange.MailboxListChanged(account));
                    s.setLong(1, account.value());
                    try (ResultSet rs = s.executeQuery()) {
                        while (rs.next()) {
                            changes.add(new MailboxChange.MessagesChanged(account, new MailboxId(rs.getLong(1)),
                                    new ModSeq(rs.getLong(2))));
                        }
                    }
                }
            } finally {
                c.rollback();
            }
        }
        changes.forEach(this::deliver);
    }

    private void deliver(MailboxChange change) {
        List<Consumer<MailboxChange>> current = listeners.get(change.account());
        if (current == null) {
            return;
        }
        for (Consumer<MailboxChange> listener : current) {
            try {
                listener.accept(change);
            } catch (RuntimeException e) {
                // One faulty session must not keep the others from hearing about the change.
                LOG.warn("change listener failed", e);
            }
        }
    }

    @Override
    public void close() {
        closed = true;
        Connection c = connection;
        if (c != null) {
            closeQuietly(c);
        }
        thread.interrupt();
        try {
            thread.join(Duration.ofSeconds(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void closeQuietly(Connection c) {
        try {
            c.close();
        } catch (SQLException e) {
            LOG.debug("closing the listening connection failed", e);
        }
    }
}
