package org.tegami.imap.server;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.tegami.store.AccountId;
import org.tegami.store.Mailbox;
import org.tegami.store.MailboxChange;
import org.tegami.store.MailboxDelta;
import org.tegami.store.MailboxId;
import org.tegami.store.MessageStore;

/**
 * The latest known {@link MailboxState} of each recently selected mailbox of a server, so that a SELECT reads
 * only what changed since (one {@link MessageStore#changesSince}) instead of every message, and so that the
 * sessions that have a mailbox selected converge on one state object. A state is kept only when it is exact:
 * the store's messages at its HIGHESTMODSEQ. What is kept is only a cache: dropping it at any time costs
 * reads, never correctness. A mailbox nobody has selected or updated for a while is forgotten.
 */
final class MailboxStates {

    /** As long as {@link MailboxDeltas} keeps a mailbox's deltas. */
    private static final long RETENTION_NANOS = TimeUnit.SECONDS.toNanos(60);

    private static final class Kept {
        private final MailboxState state;
        private volatile long lastUsedNanos = System.nanoTime();

        Kept(MailboxState state) {
            this.state = state;
        }
    }

    private final MessageStore messages;
    private final ConcurrentHashMap<AccountId, ConcurrentHashMap<MailboxId, Kept>> accounts =
            new ConcurrentHashMap<>();
    private final AtomicLong nextSweepNanos = new AtomicLong(System.nanoTime() + RETENTION_NANOS);

    MailboxStates(MessageStore messages) {
        this.messages = messages;
    }

    /**
     * A change committed in the store. A change of the mailbox list (a mailbox deleted, or created again under
     * the same id with a new UIDVALIDITY) drops what is kept for the account; message changes need nothing,
     * since a SELECT reads every change after the kept state's MODSEQ anyway.
     */
    void announce(MailboxChange change) {
        if (change instanceof MailboxChange.MailboxListChanged l) {
            accounts.remove(l.account());
        }
    }

    /**
     * The messages of {@code mailbox} as the store holds them now, for SELECT and EXAMINE: the kept state
     * brought up to date with the changes after its MODSEQ when that is possible (same UIDVALIDITY, and the
     * expunges after that MODSEQ still remembered), otherwise a full snapshot.
     */
    MailboxState current(Mailbox mailbox) {
        MailboxState kept = latest(mailbox.account(), mailbox.id());
        MailboxState now = null;
        if (kept != null && kept.mailbox().uidValidity().equals(mailbox.uidValidity())) {
            MailboxDelta delta = messages.changesSince(mailbox.id(), kept.highestModSeq());
            // Read after the delta: the horizon only rises, so a MODSEQ at or above it now was covered by the
            // delta, and every expunge after the kept state is in it (RFC 7162 §3.2.5 needs the same).
            if (kept.highestModSeq().compareTo(messages.expungeHorizon(mailbox.id())) >= 0) {
                now = kept.apply(delta);
            }
        }
        if (now == null) {
            now = MailboxState.of(messages.snapshot(mailbox.id()));
        }
        // The state's own record of the mailbox may be older (a RENAME since): SELECT answers with the current one.
        return offer(now.withMailbox(mailbox)).withMailbox(mailbox);
    }

    /**
     * The state after {@code base} with {@code delta} (read from the base's MODSEQ) applied: the kept state
     * when it holds exactly the same messages, so that sessions that moved on from different objects meet on
     * one, otherwise the new state, which is then kept.
     */
    MailboxState after(MailboxState base, MailboxDelta delta) {
        return offer(base.apply(delta));
    }

    /**
     * Keeps {@code state} as the latest of its mailbox unless a newer one is kept; returns the kept state
     * when it holds exactly the same messages at the same MODSEQ, otherwise {@code state}.
     */
    MailboxState offer(MailboxState state) {
        Mailbox mailbox = state.mailbox();
        ConcurrentHashMap<MailboxId, Kept> boxes = accounts.computeIfAbsent(mailbox.account(),
                a -> new ConcurrentHashMap<>());
        Kept result = boxes.compute(mailbox.id(), (id, kept) -> {
            if (kept == null || !kept.state.mailbox().uidValidity().equals(mailbox.uidValidity())
                    || state.highestModSeq().compareTo(kept.state.highestModSeq()) > 0) {
                return new Kept(state);
            }
            return kept;
        });
        result.lastUsedNanos = System.nanoTime();
        sweep();
        MailboxState kept = result.state;
        return kept != state && kept.highestModSeq().equals(state.highestModSeq())
                && kept.uidNext() == state.uidNext()
                && kept.mailbox().uidValidity().equals(mailbox.uidValidity()) && kept.sameMessages(state)
                ? kept : state;
    }

    /** The kept state of a mailbox, or null. */
    MailboxState latest(AccountId account, MailboxId mailbox) {
        Map<MailboxId, Kept> boxes = accounts.get(account);
        Kept kept = boxes == null ? null : boxes.get(mailbox);
        if (kept == null) {
            return null;
        }
        kept.lastUsedNanos = System.nanoTime();
        return kept.state;
    }

    /** Forgets, now and then, the mailboxes nobody has used for {@link #RETENTION_NANOS}. */
    private void sweep() {
        long now = System.nanoTime();
        long next = nextSweepNanos.get();
        if (now - next < 0 || !nextSweepNanos.compareAndSet(next, now + RETENTION_NANOS)) {
            return;
        }
        for (Map.Entry<AccountId, ConcurrentHashMap<MailboxId, Kept>> entry : accounts.entrySet()) {
            entry.getValue().values().removeIf(kept -> now - kept.lastUsedNanos > RETENTION_NANOS);
            if (entry.getValue().isEmpty()) {
                accounts.remove(entry.getKey(), entry.getValue());
            }
        }
    }

    /** How many mailboxes have a state kept; for tests. */
    int mailboxesKept() {
        return accounts.values().stream().mapToInt(Map::size).sum();
    }
}
