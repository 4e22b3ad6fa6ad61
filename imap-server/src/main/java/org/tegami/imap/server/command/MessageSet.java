package org.tegami.imap.server.command;

import java.util.BitSet;
import java.util.List;
import org.tegami.imap.protocol.ResponseWriter;
import org.tegami.imap.protocol.SequenceSet;
import org.tegami.imap.server.SelectedMailbox;

/**
 * Resolves a sequence set against the session's view of the selected mailbox (RFC 9051 §6.4.8 and
 * §9 {@code seq-range}): message sequence numbers beyond the mailbox are an error; UIDs that do not exist
 * are ignored; {@code *} is the last number in use; ranges may be given high to low; {@code $} is the
 * saved search result (RFC 5182).
 */
final class MessageSet {

    /** The resolved sequence numbers, ascending, or {@code null} with an error text. */
    record Resolved(int[] seqs, String error) {
        boolean valid() {
            return error == null;
        }
    }

    private MessageSet() {
    }

    static Resolved resolve(SequenceSet set, boolean uid, SelectedMailbox view) {
        BitSet seqs = new BitSet(view.size() + 1);
        if (set.saved()) {
            for (Long savedUid : view.savedSearch()) {
                int seq = view.seqOf(savedUid);
                if (seq > 0) {
                    seqs.set(seq);
                }
            }
            return new Resolved(seqs.stream().toArray(), null);
        }
        int size = view.size();
        for (SequenceSet.Range range : set.ranges()) {
            if (uid) {
                long last = view.lastUid();
                if (last == 0) {
                    continue;
                }
                long a = range.start() == SequenceSet.STAR ? last : range.start();
                long b = range.end() == SequenceSet.STAR ? last : range.end();
                long lo = Math.min(a, b);
                long hi = Math.max(a, b);
                int from = firstSeqAtOrAbove(view, lo);
                for (int seq = from; seq >= 1 && seq <= size && view.uidAt(seq) <= hi; seq++) {
                    seqs.set(seq);
                }
            } else {
                long a = range.start() == SequenceSet.STAR ? size : range.start();
                long b = range.end() == SequenceSet.STAR ? size : range.end();
                long lo = Math.min(a, b);
                long hi = Math.max(a, b);
                if (lo < 1 || hi > size) {
                    return new Resolved(null, size == 0
                            ? "No messages in the mailbox" : "Message sequence number out of range");
                }
                seqs.set((int) lo, (int) hi + 1);
            }
        }
        return new Resolved(seqs.stream().toArray(), null);
    }

    private static int firstSeqAtOrAbove(SelectedMailbox view, long uid) {
        int lo = 1;
        int hi = view.size();
        int answer = view.size() + 1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            if (view.uidAt(mid) >= uid) {
                answer = mid;
                hi = mid - 1;
            } else {
                lo = mid + 1;
            }
        }
        return answer;
    }

    /** UIDs of the given sequence numbers. */
    static List<org.tegami.store.Uid> uids(SelectedMailbox view, int[] seqs) {
        org.tegami.store.Uid[] uids = new org.tegami.store.Uid[seqs.length];
        for (int i = 0; i < seqs.length; i++) {
            uids[i] = new org.tegami.store.Uid(view.uidAt(seqs[i]));
        }
        return List.of(uids);
    }

    /**
     * Writes numbers as a sequence set in the order given (RFC 9051 §9 {@code sequence-set}): {@code a:b} only for
     * runs that ascend one by one, so that an ascending list comes out in the compact form of RFC 4315 and a sorted
     * one keeps its order (RFC 5267 §3). Straight into the writer: an ESEARCH ALL may name a whole big mailbox.
     */
    static ResponseWriter write(ResponseWriter w, long[] numbers, int from, int to) {
        int i = from;
        while (i < to) {
            long start = numbers[i];
            long end = start;
            if (i > from) {
                w.raw(',');
            }
            while (i + 1 < to && numbers[i + 1] == end + 1) {
                end++;
                i++;
            }
            w.number(start);
            if (end != start) {
                w.raw(':').number(end);
            }
            i++;
        }
        return w;
    }

    /** A UID set in the compact form of RFC 4315 responses, e.g. {@code 3:5,9}, from ascending UIDs. */
    static String compact(List<org.tegami.store.Uid> uids) {
        StringBuilder sb = new StringBuilder();
        int i = 0;
        while (i < uids.size()) {
            long start = uids.get(i).value();
            long end = start;
            while (i + 1 < uids.size() && uids.get(i + 1).value() == end + 1) {
                end++;
                i++;
            }
            if (!sb.isEmpty()) {
                sb.append(',');
            }
            sb.append(start);
            if (end != start) {
                sb.append(':').append(end);
            }
            i++;
        }
        return sb.toString();
    }
}
