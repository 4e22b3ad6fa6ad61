package org.tegami.imap.server;

import java.util.ArrayList;
import java.util.List;
import org.tegami.imap.protocol.SequenceSet;

/**
 * Sets of UIDs as ascending, non-overlapping inclusive ranges: what VANISHED responses carry (RFC 7162
 * §3.2.10), built without listing every UID, so a client's {@code 1:4294967295} costs no more than its gaps.
 */
public final class UidRanges {

    /** One inclusive range of UIDs. */
    public record Range(long first, long last) {
    }

    private final List<Range> ranges;

    private UidRanges(List<Range> ranges) {
        this.ranges = List.copyOf(ranges);
    }

    /** The UIDs given, ascending. */
    public static UidRanges of(List<Long> ascending) {
        List<Range> ranges = new ArrayList<>();
        int i = 0;
        while (i < ascending.size()) {
            long first = ascending.get(i);
            long last = first;
            while (i + 1 < ascending.size() && ascending.get(i + 1) == last + 1) {
                last++;
                i++;
            }
            ranges.add(new Range(first, last));
            i++;
        }
        return new UidRanges(ranges);
    }

    /**
     * The UIDs a client named in a sequence set, capped at {@code maxUid} ({@code *} stands for {@code maxUid});
     * empty when {@code maxUid} is 0.
     */
    public static UidRanges of(SequenceSet set, long maxUid) {
        List<long[]> raw = new ArrayList<>();
        for (SequenceSet.Range r : set.ranges()) {
            long a = r.start() == SequenceSet.STAR ? maxUid : r.start();
            long b = r.end() == SequenceSet.STAR ? maxUid : r.end();
            long lo = Math.min(a, b);
            long hi = Math.min(Math.max(a, b), maxUid);
            if (lo <= hi && lo >= 1) {
                raw.add(new long[] {lo, hi});
            }
        }
        raw.sort((x, y) -> Long.compare(x[0], y[0]));
        List<Range> merged = new ArrayList<>();
        for (long[] r : raw) {
            if (!merged.isEmpty() && r[0] <= merged.getLast().last() + 1) {
                Range last = merged.removeLast();
                merged.add(new Range(last.first(), Math.max(last.last(), r[1])));
            } else {
                merged.add(new Range(r[0], r[1]));
            }
        }
        return new UidRanges(merged);
    }

    /** Every UID from 1 to {@code maxUid}. */
    public static UidRanges upTo(long maxUid) {
        return new UidRanges(maxUid < 1 ? List.of() : List.of(new Range(1, maxUid)));
    }

    public boolean isEmpty() {
        return ranges.isEmpty();
    }

    public List<Range> ranges() {
        return ranges;
    }

    public boolean contains(long uid) {
        int lo = 0;
        int hi = ranges.size() - 1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            Range r = ranges.get(mid);
            if (uid < r.first()) {
                hi = mid - 1;
            } else if (uid > r.last()) {
                lo = mid + 1;
            } else {
                return true;
            }
        }
        return false;
    }

    /** These UIDs without the given ones (ascending). */
    public UidRanges without(List<Long> ascending) {
        List<Range> result = new ArrayList<>();
        int i = 0;
        for (Range r : ranges) {
            long next = r.first();
            while (i < ascending.size() && ascending.get(i) < r.first()) {
                i++;
            }
            while (i < ascending.size() && ascending.get(i) <= r.last()) {
                long uid = ascending.get(i);
                if (uid > next) {
                    result.add(new Range(next, uid - 1));
                }
                next = uid + 1;
                i++;
            }
            if (next <= r.last()) {
                result.add(new Range(next, r.last()));
            }
        }
        return new UidRanges(result);
    }

    /** Only those of these UIDs that are also in {@code other}. */
    public UidRanges within(UidRanges other) {
        List<Range> result = new ArrayList<>();
        int i = 0;
        int j = 0;
        while (i < ranges.size() && j < other.ranges.size()) {
            Range a = ranges.get(i);
            Range b = other.ranges.get(j);
            long lo = Math.max(a.first(), b.first());
            long hi = Math.min(a.last(), b.last());
            if (lo <= hi) {
                result.add(new Range(lo, hi));
            }
            if (a.last() < b.last()) {
                i++;
            } else {
                j++;
            }
        }
        return new UidRanges(result);
    }

    /** The wire form, e.g. {@code 3:5,9} (RFC 9051 §9 sequence-set). */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        for (Range r : ranges) {
            if (!sb.isEmpty()) {
                sb.append(',');
            }
            sb.append(r.first());
            if (r.last() != r.first()) {
                sb.append(':').append(r.last());
            }
        }
        return sb.toString();
    }
}
