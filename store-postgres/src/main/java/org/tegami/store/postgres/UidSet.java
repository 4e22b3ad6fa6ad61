package org.tegami.store.postgres;

import java.util.Arrays;
import java.util.List;
import org.tegami.store.Uid;

/**
 * The UIDs a caller asked for: queried as one range {@code BETWEEN min AND max} and filtered here, so a
 * long UID list never turns into a long SQL statement.
 */
final class UidSet {
    private final long[] sorted;

    UidSet(List<Uid> uids) {
        sorted = uids.stream().mapToLong(Uid::value).sorted().toArray();
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
        return Arrays.binarySearch(sorted, uid) >= 0;
    }
}
