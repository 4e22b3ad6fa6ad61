package org.tegami.imap.server;

import java.util.IdentityHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.UnaryOperator;
import org.tegami.store.AccountId;
import org.tegami.store.MailboxChange;
import org.tegami.store.MailboxDelta;
import org.tegami.store.MailboxId;
import org.tegami.store.MessageStore;
import org.tegami.store.ModSeq;

/**
 * The changes of a mailbox after a MODSEQ, read from the store once and handed to every session that asks
 * for the same mailbox and MODSEQ, so that one APPEND to a mailbox K sessions watch in IDLE costs one
 * {@link MessageStore#changesSince} read, not K. Each session still applies the delta to its own view and
 * answers for its own state (RFC 9051 §7.5.1, RFC 7162 §3.1.4 and §3.2.10): a session at another MODSEQ
 * gets the delta from its own MODSEQ, shared only with the sessions at that same one.
 *
 * <p>A delta is handed out only when it is known to include every change announced on the change feed
 * before the caller asked ({@link #announce} is called before the session is woken): either its
 * HIGHESTMODSEQ reaches the highest one announced for the mailbox (a read that sees the mailbox at MODSEQ
 * m sees every change up to m), or its read began after the caller asked. Anything else is read again.
 * What is kept is only a cache: dropping it at any time costs reads, never correctness.
 */
final class MailboxDeltas {

    /** A mailbox no session asked about for this long is forgotten, with the deltas kept for it. */
    private static final long RETENTION_NANOS = TimeUnit.SECONDS.toNanos(60);

    /**
     * One read: the delta, the expunge horizon read right after it ({@link MessageStore#expungeHorizon}), and
     * who claims {@code \Recent} for the messages it adds.
     */
    static final class Shared {
        private final MailboxDelta delta;
        private final ModSeq expungeHorizon;
        private final long readNumber;
        private final AtomicBoolean recentClaimed = new AtomicBoolean();
        /** The state each base state moves to with this delta; by identity, as sessions share base states. */
        private final Map<MailboxState, MailboxState> nextStates = new IdentityHashMap<>();

        Shared(MailboxDelta delta, ModSeq expungeHorizon, long readNumber) {
            this.delta = delta;
            this.expungeHorizon = expungeHorizon;
            this.readNumber = readNumber;
        }

        MailboxDelta delta() {
            return delta;
        }

        ModSeq expungeHorizon() {
            return expungeHorizon;
        }

        /**
         * True for the first caller only. RFC 3501 §2.3.2: only one session sees a message as {@code \Recent};
         * a claim made after this delta was read covers every message it adds, so once one read-write session
         * has claimed, the others that share the delta need not ask the store (a write) again.
         */
        boolean takeRecentClaim() {
            return recentClaimed.compareAndSet(false, true);
        }

        /**
         * The state {@code base} (the store's messages at this delta's starting MODSEQ) moves to with this delta,
         * made by {@code transition} once: every session that was on {@code base} and applies this read moves
         * to the same object, so they still share one copy of the mailbox's messages afterwards. The sessions
         * wait for each other only while it is made.
         */
        synchronized MailboxState next(MailboxState base, UnaryOperator<MailboxState> transition) {
            return nextStates.computeIfAbsent(base, transition);
        }
    }

    /** What is kept for one mailbox. */
    private static final class Box {
        /** The highest MODSEQ announced on the feed since this box was made. */
        private ModSeq announced = ModSeq.ZERO;
        /** Reads started for this box so far: a read numbered above a caller's floor began after it asked. */
        private final AtomicLong reads = new AtomicLong();
        private final ConcurrentHashMap<ModSeq, CompletableFuture<Shared>> bySince = new ConcurrentHashMap<>();
        private volatile long lastAskedNanos = System.nanoTime();

        synchronized ModSeq announced() {
            return announced;
        }

        synchronized void announce(ModSeq modSeq) {
            if (modSeq.compareTo(announced) <= 0) {
                // The same change told to each of its sessions' listeners: nothing new.
                return;
            }
            announced = modSeq;
            bySince.values().removeIf(f -> f.isDone() && (f.isCompletedExceptionally()
                    || f.join().delta().highestModSeq().compareTo(modSeq) < 0));
        }
    }

    private final MessageStore messages;
    private final ConcurrentHashMap<AccountId, ConcurrentHashMap<MailboxId, Box>> accounts =
            new ConcurrentHashMap<>();
    private final AtomicLong nextSweepNanos = new AtomicLong(System.nanoTime() + RETENTION_NANOS);

    MailboxDeltas(MessageStore messages) {
        this.messages = messages;
    }

    /**
     * A change committed in the store, from a session's change-feed listener: deltas it makes stale are no
     * longer handed out. Call it before waking the session. Cheap and non-blocking, as listeners must be.
     */
    void announce(MailboxChange change) {
        if (change instanceof MailboxChange.MessagesChanged m) {
            Map<MailboxId, Box> boxes = accounts.get(m.account());
            Box box = boxes == null ? null : boxes.get(m.mailbox());
            if (box != null) {
                box.announce(m.highestModSeq());
            }
        } else if (change instanceof MailboxChange.MailboxListChanged l) {
            // A deleted mailbox is announced with the MODSEQ it had, which a kept delta may reach: the list
            // change that comes with every deletion drops what is kept for the account, so the next read
            // finds the mailbox gone.
            accounts.remove(l.account());
        }
    }

    /**
     * The changes of {@code mailbox} after {@code since}, including at least every change announced before
     * this call. Throws the store's error (e.g. {@code NONEXISTENT} for a deleted mailbox) when the read
     * fails.
     */
    Shared since(AccountId account, MailboxId mailbox, ModSeq since) {
        Box box = accounts.computeIfAbsent(account, a -> new ConcurrentHashMap<>())
                .computeIfAbsent(mailbox, m -> new Box());
        box.lastAskedNanos = System.nanoTime();
        long floor = box.reads.get();
        while (true) {
            CompletableFuture<Shared> mine = new CompletableFuture<>();
            CompletableFuture<Shared> current = box.bySince.putIfAbsent(since, mine);
            if (current == null) {
                return read(box, mailbox, since, mine);
            }
            Shared shared = awaitQuietly(current);
            if (shared != null && (shared.readNumber > floor
                    || shared.delta().highestModSeq().compareTo(box.announced()) >= 0)) {
                return shared;
            }
            // Stale, or its read failed: the next caller (maybe this one) reads again.
            box.bySince.remove(since, current);
        }
    }

    /** A read of the caller's own, shared with nobody: for updates after a command. */
    Shared read(MailboxId mailbox, ModSeq since) {
        MailboxDelta delta = messages.changesSince(mailbox, since);
        // After the delta: the horizon only rises, so a MODSEQ at or above it now was covered then.
        return new Shared(delta, messages.expungeHorizon(mailbox), 0);
    }

    private Shared read(Box box, MailboxId mailbox, ModSeq since, CompletableFuture<Shared> result) {
        long number = box.reads.incrementAndGet();
        try {
            MailboxDelta delta = messages.changesSince(mailbox, since);
            Shared shared = new Shared(delta, messages.expungeHorizon(mailbox), number);
            result.complete(shared);
            return shared;
        } catch (RuntimeException | Error e) {
            result.completeExceptionally(e);
            box.bySince.remove(since, result);
            throw e;
        } finally {
            sweep();
        }
    }

    private static Shared awaitQuietly(CompletableFuture<Shared> future) {
        try {
            return future.join();
        } catch (CompletionException | java.util.concurrent.CancellationException e) {
            return null;
        }
    }

    /** Forgets, now and then, the mailboxes nobody has asked about for {@link #RETENTION_NANOS}. */
    private void sweep() {
        long now = System.nanoTime();
        long next = nextSweepNanos.get();
        if (now - next < 0 || !nextSweepNanos.compareAndSet(next, now + RETENTION_NANOS)) {
            return;
        }
        for (Map.Entry<AccountId, ConcurrentHashMap<MailboxId, Box>> entry : accounts.entrySet()) {
            entry.getValue().values().removeIf(box -> now - box.lastAskedNanos > RETENTION_NANOS);
            if (entry.getValue().isEmpty()) {
                accounts.remove(entry.getKey(), entry.getValue());
            }
        }
    }

    /** How many mailboxes have deltas kept; for tests. */
    int mailboxesKept() {
        return accounts.values().stream().mapToInt(Map::size).sum();
    }
}
