package org.tegami.imap.server;

import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.tegami.store.Flags;
import org.tegami.store.Mailbox;
import org.tegami.store.MailboxDelta;
import org.tegami.store.MailboxSnapshot;
import org.tegami.store.MessageSummary;
import org.tegami.store.ModSeq;
import org.tegami.store.Uid;

/**
 * The messages of a mailbox as the store held them at one MODSEQ: every message's UID, flags and MODSEQ in
 * ascending UID order, with the mailbox's next UID. Immutable, so any number of sessions that have the
 * mailbox selected show the same object ({@link SelectedMailbox} copies only when its own view must differ),
 * and one mailbox costs one copy of its messages however many sessions watch it.
 *
 * <p>Equal flag sets are one {@link Flags} instance, as in {@link MailboxSnapshot}: a big mailbox has few.
 */
public final class MailboxState {
    private final Mailbox mailbox;
    private final long[] uids;
    private final Flags[] flags;
    private final long[] modSeqs;
    private final int size;
    private final ModSeq highestModSeq;
    private final long uidNext;
    /** Worked out on first use; a race computes the same value twice, never a wrong one. */
    private volatile Set<String> keywordsInUse;
    private volatile int firstUnseen = -1;
    private volatile Map<Flags, Flags> interning;

    /** Takes the arrays as they are: the caller gives them up and never writes them again. */
    MailboxState(Mailbox mailbox, long[] uids, Flags[] flags, long[] modSeqs, int size, ModSeq highestModSeq,
                 long uidNext) {
        this(mailbox, uids, flags, modSeqs, size, highestModSeq, uidNext, null);
    }

    private MailboxState(Mailbox mailbox, long[] uids, Flags[] flags, long[] modSeqs, int size, ModSeq highestModSeq,
                         long uidNext, Map<Flags, Flags> interning) {
        this.interning = interning == null ? null : Collections.unmodifiableMap(interning);
        this.mailbox = mailbox;
        this.uids = uids;
        this.flags = flags;
        this.modSeqs = modSeqs;
        this.size = size;
        this.highestModSeq = highestModSeq;
        this.uidNext = uidNext;
    }

    /** The state a snapshot describes. */
    static MailboxState of(MailboxSnapshot snapshot) {
        int size = snapshot.size();
        long[] uids = new long[size];
        Flags[] flags = new Flags[size];
        long[] modSeqs = new long[size];
        for (int i = 0; i < size; i++) {
            uids[i] = snapshot.uidAt(i);
            flags[i] = snapshot.flagsAt(i);
            modSeqs[i] = snapshot.modSeqAt(i);
        }
        return new MailboxState(snapshot.mailbox(), uids, flags, modSeqs, size, snapshot.highestModSeq(),
                snapshot.uidNext());
    }

    public Mailbox mailbox() {
        return mailbox;
    }

    /** How many messages the mailbox held. */
    public int size() {
        return size;
    }

    public ModSeq highestModSeq() {
        return highestModSeq;
    }

    public long uidNext() {
        return uidNext;
    }

    /** The UID at a 0-based index. */
    long uidAt(int index) {
        return uids[index];
    }

    Flags flagsAt(int index) {
        return flags[index];
    }

    long modSeqAt(int index) {
        return modSeqs[index];
    }

    long[] uids() {
        return uids;
    }

    Flags[] flags() {
        return flags;
    }

    long[] modSeqs() {
        return modSeqs;
    }

    /** The same messages, described by a newer record of the mailbox (renamed, say). */
    MailboxState withMailbox(Mailbox current) {
        return current.equals(mailbox) ? this
                : new MailboxState(current, uids, flags, modSeqs, size, highestModSeq, uidNext, interning);
    }

    /**
     * This state with a delta read from its own HIGHESTMODSEQ applied: expunged messages gone, changed ones with
     * their new flags and MODSEQ, new ones added in UID order. Merged by UID, so a delta that repeats a change
     * this state already holds leaves the same result.
     */
    MailboxState apply(MailboxDelta delta) {
        ModSeq highest = delta.highestModSeq().compareTo(highestModSeq) > 0 ? delta.highestModSeq() : highestModSeq;
        long next = Math.max(uidNext, delta.uidNext());
        if (delta.isEmpty()) {
            return highest.equals(highestModSeq) && next == uidNext ? this
                    : new MailboxState(mailbox, uids, flags, modSeqs, size, highest, next, interning);
        }
        List<MessageSummary> changed = delta.changed();
        Map<Flags, Flags> grown = new HashMap<>(interning());
        int[] at = new int[changed.size()];
        boolean onlyFlags = true;
        for (int j = 0; j < changed.size(); j++) {
            at[j] = Arrays.binarySearch(uids, 0, size, changed.get(j).uid().value());
            onlyFlags &= at[j] >= 0;
        }
        for (Uid uid : delta.expunged()) {
            onlyFlags &= Arrays.binarySearch(uids, 0, size, uid.value()) < 0;
        }
        if (onlyFlags) {
            // The common change (flags of messages present, nothing added or removed): a copy with those patched,
            // sharing the UIDs, which do not change.
            Flags[] newFlags = Arrays.copyOf(flags, size);
            long[] newModSeqs = Arrays.copyOf(modSeqs, size);
            for (int j = 0; j < changed.size(); j++) {
                MessageSummary m = changed.get(j);
                newFlags[at[j]] = intern(grown, m.flags());
                newModSeqs[at[j]] = m.modSeq().value();
            }
            return new MailboxState(mailbox, uids, newFlags, newModSeqs, size, highest, next, grown);
        }
        Set<Long> expunged = new HashSet<>();
        for (Uid uid : delta.expunged()) {
            expunged.add(uid.value());
        }
        int capacity = size + changed.size();
        long[] newUids = new long[capacity];
        Flags[] newFlags = new Flags[capacity];
        long[] newModSeqs = new long[capacity];
        int n = 0;
        int i = 0;
        int j = 0;
        while (i < size || j < changed.size()) {
            long base = i < size ? uids[i] : Long.MAX_VALUE;
            MessageSummary m = j < changed.size() ? changed.get(j) : null;
            long uid = m != null ? m.uid().value() : Long.MAX_VALUE;
            if (uid <= base) {
                if (!expunged.contains(uid)) {
                    newUids[n] = uid;
                    newFlags[n] = intern(grown, m.flags());
                    newModSeqs[n] = m.modSeq().value();
                    n++;
                }
                j++;
                if (uid == base) {
                    i++;
                }
            } else {
                if (!expunged.contains(base)) {
                    newUids[n] = base;
                    newFlags[n] = flags[i];
                    newModSeqs[n] = modSeqs[i];
                    n++;
                }
                i++;
            }
        }
        return new MailboxState(mailbox, Arrays.copyOf(newUids, n), Arrays.copyOf(newFlags, n),
                Arrays.copyOf(newModSeqs, n), n, highest, next, grown);
    }

    private static Flags intern(Map<Flags, Flags> distinct, Flags value) {
        Flags known = distinct.putIfAbsent(value, value);
        return known != null ? known : value;
    }

    /**
     * One instance of each flag set these messages use (and perhaps of some they no longer do), so that a
     * state made from this one keeps one {@link Flags} per distinct set rather than one per changed message.
     */
    private Map<Flags, Flags> interning() {
        Map<Flags, Flags> known = interning;
        if (known == null) {
            Map<Flags, Flags> distinct = new HashMap<>();
            Set<Flags> seen = Collections.newSetFromMap(new IdentityHashMap<>());
            for (int i = 0; i < size; i++) {
                if (seen.add(flags[i])) {
                    distinct.putIfAbsent(flags[i], flags[i]);
                }
            }
            known = Collections.unmodifiableMap(distinct);
            interning = known;
        }
        return known;
    }

    /** Whether another state holds exactly these messages, flags and MODSEQs. */
    boolean sameMessages(MailboxState other) {
        return other == this || sameMessages(other.uids, other.flags, other.modSeqs, other.size);
    }

    boolean sameMessages(long[] otherUids, Flags[] otherFlags, long[] otherModSeqs, int otherSize) {
        if (otherSize != size || !Arrays.equals(uids, 0, size, otherUids, 0, size)
                || !Arrays.equals(modSeqs, 0, size, otherModSeqs, 0, size)) {
            return false;
        }
        for (int i = 0; i < size; i++) {
            if (flags[i] != otherFlags[i] && !flags[i].equals(otherFlags[i])) {
                return false;
            }
        }
        return true;
    }

    /** Keywords in use, for the FLAGS response. */
    Set<String> keywordsInUse() {
        Set<String> known = keywordsInUse;
        if (known == null) {
            TreeSet<String> keywords = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
            // One Flags instance per distinct flag set, so a big mailbox has few distinct ones to look at.
            Set<Flags> distinct = Collections.newSetFromMap(new IdentityHashMap<>());
            for (int i = 0; i < size; i++) {
                if (distinct.add(flags[i])) {
                    keywords.addAll(flags[i].keywords());
                }
            }
            known = Collections.unmodifiableSet(keywords);
            keywordsInUse = known;
        }
        return known;
    }

    /** The sequence number of the first message without {@code \Seen}, or 0 (RFC 3501 §7.1 UNSEEN). */
    public int firstUnseen() {
        int known = firstUnseen;
        if (known < 0) {
            known = 0;
            for (int i = 0; i < size; i++) {
                if (!flags[i].contains(Flags.SEEN)) {
                    known = i + 1;
                    break;
                }
            }
            firstUnseen = known;
        }
        return known;
    }
}
