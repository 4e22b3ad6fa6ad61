package org.tegami.imap.server;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.tegami.imap.server.command.SearchContexts;
import org.tegami.store.Flags;
import org.tegami.store.Mailbox;
import org.tegami.store.MessageSummary;
import org.tegami.store.ModSeq;

/**
 * A session's view of its selected mailbox: the message sequence number → UID map the client was told
 * about, their flags as last reported, the MODSEQ up to which changes have been applied, and the
 * expunges learned but not yet reported (RFC 9051 §7.5.1 forbids EXPUNGE during FETCH, STORE, SEARCH).
 * Confined to the session's thread.
 */
public final class SelectedMailbox {

    private final Mailbox mailbox;
    private final boolean readOnly;
    private long[] uids;
    private Flags[] flags;
    private int size;
    private ModSeq knownModSeq;
    private long uidNext;
    private final Set<Long> recent = new HashSet<>();
    private final TreeSet<Long> pendingExpunges = new TreeSet<>();
    private List<Long> savedSearch = List.of();
    private final Set<String> announcedKeywords = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
    private final SearchContexts searchContexts = new SearchContexts();

    public SelectedMailbox(Mailbox mailbox, boolean readOnly, List<MessageSummary> messages, ModSeq modSeq,
                           long uidNext) {
        this.mailbox = mailbox;
        this.readOnly = readOnly;
        this.uids = new long[Math.max(16, messages.size())];
        this.flags = new Flags[uids.length];
        for (MessageSummary m : messages) {
            uids[size] = m.uid().value();
            flags[size] = m.flags();
            size++;
        }
        this.knownModSeq = modSeq;
        this.uidNext = uidNext;
        this.announcedKeywords.addAll(keywordsInUse());
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

    public void setFlagsAt(int seq, Flags value) {
        flags[seq - 1] = value;
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

    public void add(long uid, Flags messageFlags) {
        if (size == uids.length) {
            uids = Arrays.copyOf(uids, size * 2);
            flags = Arrays.copyOf(flags, size * 2);
        }
        uids[size] = uid;
        flags[size] = messageFlags;
        size++;
    }

    /**
     * Removes the given UIDs and returns the sequence numbers to report, highest first, so that each
     * EXPUNGE response is right at the moment it is sent (RFC 9051 §7.5.1).
     */
    public int[] remove(Set<Long> expunged) {
        int[] reported = new int[expunged.size()];
        int count = 0;
        int write = 0;
        for (int read = 0; read < size; read++) {
            if (expunged.contains(uids[read])) {
                reported[count++] = read + 1;
                recent.remove(uids[read]);
            } else {
                uids[write] = uids[read];
                flags[write] = flags[read];
                write++;
            }
        }
        for (int i = write; i < size; i++) {
            flags[i] = null;
        }
        size = write;
        int[] result = new int[count];
        for (int i = 0; i < count; i++) {
            result[i] = reported[count - 1 - i];
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
        TreeSet<String> keywords = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
        for (int i = 0; i < size; i++) {
            keywords.addAll(flags[i].keywords());
        }
        return keywords;
    }
}
