package org.tegami.store.sqlite;

import java.util.Arrays;
import java.util.List;
import org.tegami.store.Uid;

/**
 * The UIDs a caller asked for: queried as one range {@code BETWEEN min AND max} and filtered here, so a
 * long UID list never turns into a long SQL statement.
 */
final class UidSet {
    private final long[] sorted;
    /** Whether the set is every UID from its least to its greatest, so that each row of the range is wanted. */
    private final boolean whole;

    UidSet(List<Uid> uids) {
        long[] values = new long[uids.size()];
        boolean ascending = true;
        int n = 0;
        for (Uid uid : uids) {
            values[n] = uid.value();
            ascending &= n == 0 || values[n] >= values[n - 1];
            n++;
        }
        if (!ascending) {
            // Callers mostly pass UIDs in mailbox order, which needs no sort.
            Arrays.sort(values);
        }
        sorted = values;
        boolean consecutive = true;
        for (int i = 1; i < sorted.length && consecutive; i++) {
            consecutive = sorted[i] == sorted[0] + i;
        }
        whole = consecutive;
    }

    boolean isEmpty() {
        return sorted.length == 0;
    }

    long min() {
        return sorted[0];
    }

    long max() {
        return sorted[sorted.length - 1];
    }

    boolean contains(long uid) {
        if (whole) {
            // Consecutive UIDs (a mailbox without gaps, asked for whole): no search per row.
            return sorted.length > 0 && uid >= sorted[0] && uid <= sorted[sorted.length - 1];
        }
        return Arrays.binarySearch(sorted, uid) >= 0;
    }
}
