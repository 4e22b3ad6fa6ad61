package org.tegami.imap.server;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.tegami.imap.server.command.SearchContexts;
import org.tegami.store.Flags;
import org.tegami.store.Mailbox;
import org.tegami.store.ModSeq;

/**
 * A session's view of its selected mailbox: the message sequence number → UID map the client was told
 * about, their flags and MODSEQs as last learned, the MODSEQ up to which changes have been applied, and the
 * expunges learned but not yet reported (RFC 9051 §7.5.1 forbids EXPUNGE during FETCH, STORE, SEARCH).
 * Confined to the session's thread.
 *
 * <p>The messages are those of a shared, immutable {@link MailboxState} as long as the view shows what that
 * state holds: the sessions that have one mailbox selected then cost one copy of its messages, not one each.
 * The view copies them only when it must differ (its own STORE before the change reaches the others,
 * expunges it may not report yet), and {@link #adopt} puts it back on a shared state. What only this session
 * has (recent set, pending expunges, saved search, announced keywords, search contexts) is its own.
 */
public final class SelectedMailbox {

    private final Mailbox mailbox;
    private final boolean readOnly;
    /** The state whose arrays {@link #uids}, {@link #flags} and {@link #modSeqs} are, or null once copied. */
    private volatile MailboxState shared;
    /** The state this view moves to when the expunges of the update being reported are removed. */
    private MailboxState successor;
    private long[] uids;
    private Flags[] flags;
    private long[] modSeqs;
    private int size;
    private ModSeq knownModSeq;
    private long uidNext;
    private final Set<Long> recent = new HashSet<>();
    private final TreeSet<Long> pendingExpunges = new TreeSet<>();
    private List<Long> savedSearch = List.of();
    private final Set<String> announcedKeywords = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
    private final SearchContexts searchContexts = new SearchContexts();

    /** The view of a mailbox just selected: its messages as the state holds them. */
    public SelectedMailbox(MailboxState state, boolean readOnly) {
        this.mailbox = state.mailbox();
        this.readOnly = readOnly;
        adopt(state);
        this.knownModSeq = state.highestModSeq();
        this.uidNext = state.uidNext();
        this.announcedKeywords.addAll(state.keywordsInUse());
    }

    public Mailbox mailbox() {
        return mailbox;
    }

    public boolean readOnly() {
        return readOnly;
    }

    /** Messages the client knows of (its EXISTS count), including expunged ones not yet reported. */
    public int size() {
        return size;
    }

    /** UID at a sequence number (1-based). */
    public long uidAt(int seq) {
        return uids[seq - 1];
    }

    public Flags flagsAt(int seq) {
        return flags[seq - 1];
    }

    /** The MODSEQ of the message at a sequence number, as of the flags {@link #flagsAt} gives. */
    public long modSeqAt(int seq) {
        return modSeqs[seq - 1];
    }

    /** Records a message's flags and the MODSEQ of the change that gave them. */
    public void setFlagsAt(int seq, Flags value, ModSeq modSeq) {
        if (modSeqs[seq - 1] == modSeq.value() && flags[seq - 1].equals(value)) {
            // Already so (a change the shared state has too): no reason to leave it.
            return;
        }
        ownArrays(size);
        flags[seq - 1] = value;
        modSeqs[seq - 1] = modSeq.value();
    }

    /** The sequence number of a UID, or -1. */
    public int seqOf(long uid) {
        int index = Arrays.binarySearch(uids, 0, size, uid);
        return index >= 0 ? index + 1 : -1;
    }

    /** The highest UID known, or 0. */
    public long lastUid() {
        return size == 0 ? 0 : uids[size - 1];
    }

    public void add(long uid, Flags messageFlags, ModSeq modSeq) {
        ownArrays(size + 1);
        if (size == uids.length) {
            uids = Arrays.copyOf(uids, size * 2);
            flags = Arrays.copyOf(flags, size * 2);
            modSeqs = Arrays.copyOf(modSeqs, size * 2);
        }
        uids[size] = uid;
        flags[size] = messageFlags;
        modSeqs[size] = modSeq.value();
        size++;
    }

    /** Copies the shared arrays before the first write, with room for {@code needed} messages. */
    private void ownArrays(int needed) {
        if (shared == null) {
            return;
        }
        int capacity = Math.max(16, Math.max(needed, size + size / 2));
        uids = Arrays.copyOf(uids, capacity);
        flags = Arrays.copyOf(flags, capacity);
        modSeqs = Arrays.copyOf(modSeqs, capacity);
        shared = null;
    }

    /** Shows the messages of {@code state} from now on, sharing its arrays. */
    void adopt(MailboxState state) {
        uids = state.uids();
        flags = state.flags();
        modSeqs = state.modSeqs();
        size = state.size();
        shared = state;
    }

    /**
     * The shared state the view shows, or null when it has its own copy. Exact (the store's messages at the
     * view's MODSEQ) only while no expunge is pending.
     */
    MailboxState sharedState() {
        return shared;
    }

    /**
     * Starts an update in which the view moves, with the other sessions on the same state, to {@code next}:
     * it keeps showing its current messages (whose sequence numbers the update's responses use) until the
     * update's expunges are removed ({@link #remove}) or {@link #endTransition} is called.
     */
    void beginTransition(MailboxState next) {
        successor = next;
    }

    /** Ends an update begun with {@link #beginTransition}: the view shows the state it moves to. */
    void endTransition() {
        if (successor != null) {
            adopt(successor);
            successor = null;
        }
    }

    /** Forgets a transition not ended (the update was cut short): the view stays where it was. */
    void cancelTransition() {
        successor = null;
    }

    /** Whether the view shows exactly the messages of {@code state}. */
    boolean shows(MailboxState state) {
        return state == shared || state.sameMessages(uids, flags, modSeqs, size);
    }

    /**
     * The view's messages as a state of their own, when it has its own copy, so that it can be shared: the
     * caller knows the view to be exact. The view then shows that state.
     */
    MailboxState freeze() {
        if (shared != null && shared.highestModSeq().equals(knownModSeq) && shared.uidNext() == uidNext) {
            return shared;
        }
        if (shared != null) {
            // The same messages, known now to be those of a later MODSEQ.
            adopt(new MailboxState(mailbox, uids, flags, modSeqs, size, knownModSeq, uidNext));
        } else {
            adopt(new MailboxState(mailbox, Arrays.copyOf(uids, size), Arrays.copyOf(flags, size),
                    Arrays.copyOf(modSeqs, size), size, knownModSeq, uidNext));
        }
        return shared;
    }

    /**
     * Removes the given UIDs and returns the sequence numbers to report, highest first, so that each
     * EXPUNGE response is right at the moment it is sent (RFC 9051 §7.5.1).
     */
    public int[] remove(Set<Long> expunged) {
        int[] reported = new int[expunged.size()];
        int count = 0;
        for (long uid : expunged) {
            int seq = seqOf(uid);
            if (seq > 0) {
                reported[count++] = seq;
                recent.remove(uid);
            }
        }
        Arrays.sort(reported, 0, count);
        int[] result = new int[count];
        for (int i = 0; i < count; i++) {
            result[i] = reported[count - 1 - i];
        }
        if (successor != null) {
            // The state moved to has these gone already, with whatever else the update brings.
            endTransition();
        } else if (count > 0) {
            compact(expunged);
        }
        if (!savedSearch.isEmpty()) {
            List<Long> kept = new ArrayList<>(savedSearch.size());
            for (Long uid : savedSearch) {
                if (!expunged.contains(uid)) {
                    kept.add(uid);
                }
            }
            savedSearch = kept;
        }
        return result;
    }

    private void compact(Set<Long> expunged) {
        long[] toUids = uids;
        Flags[] toFlags = flags;
        long[] toModSeqs = modSeqs;
        if (shared != null) {
            // Straight into a copy of its own: the shared arrays stay as they are.
            toUids = new long[uids.length];
            toFlags = new Flags[uids.length];
            toModSeqs = new long[uids.length];
        }
        int write = 0;
        for (int read = 0; read < size; read++) {
            if (!expunged.contains(uids[read])) {
                toUids[write] = uids[read];
                toFlags[write] = flags[read];
                toModSeqs[write] = modSeqs[read];
                write++;
            }
        }
        for (int i = write; i < size; i++) {
            toFlags[i] = null;
        }
        uids = toUids;
        flags = toFlags;
        modSeqs = toModSeqs;
        shared = null;
        size = write;
    }

    public ModSeq knownModSeq() {
        return knownModSeq;
    }

    public void setKnownModSeq(ModSeq modSeq) {
        if (modSeq.compareTo(knownModSeq) > 0) {
            knownModSeq = modSeq;
        }
    }

    public long uidNext() {
        return uidNext;
    }

    public void setUidNext(long value) {
        uidNext = Math.max(uidNext, value);
    }

    public Set<Long> recent() {
        return recent;
    }

    public TreeSet<Long> pendingExpunges() {
        return pendingExpunges;
    }

    public boolean isExpungedPending(long uid) {
        return pendingExpunges.contains(uid);
    }

    /** The search results kept up to date while this mailbox is selected (RFC 5267 §4.3). */
    public SearchContexts searchContexts() {
        return searchContexts;
    }

    /** The UIDs of the last SEARCH ... RETURN (SAVE), for {@code $} (RFC 5182). */
    public List<Long> savedSearch() {
        return savedSearch;
    }

    public void setSavedSearch(List<Long> uidsFound) {
        savedSearch = List.copyOf(uidsFound);
    }

    /**
     * Records the keywords among {@code messageFlags} that the client has not been told of in a FLAGS
     * response; true when there were any, so that a new FLAGS response must be sent.
     */
    public boolean announceKeywords(Flags messageFlags) {
        boolean added = false;
        for (String keyword : messageFlags.keywords()) {
            added |= announcedKeywords.add(keyword);
        }
        return added;
    }

    /** The keywords announced so far, for the FLAGS and PERMANENTFLAGS responses. */
    public Set<String> announcedKeywords() {
        return announcedKeywords;
    }

    /** Keywords in use, for the FLAGS response. */
    public Set<String> keywordsInUse() {
        if (shared != null) {
            return shared.keywordsInUse();
        }
        TreeSet<String> keywords = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
        // Stores hand out one Flags instance per distinct flag set, so a big mailbox has few distinct ones.
        Set<Flags> distinct = Collections.newSetFromMap(new IdentityHashMap<>());
        for (int i = 0; i < size; i++) {
            if (distinct.add(flags[i])) {
                keywords.addAll(flags[i].keywords());
            }
        }
        return keywords;
    }
}
