package org.tegami.imap.server.command;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.tegami.imap.protocol.SortCommand;
import org.tegami.store.SortDate;
import org.tegami.store.Uid;

/** {@link SortOrder#byDate} orders as the entries' comparator does (RFC 5256 §3), ties by mailbox order. */
class SortOrderTest {

    private static SortOrder order(boolean reverse) {
        return new SortOrder(List.of(new SortCommand.Criterion(SortCommand.Key.DATE, reverse)));
    }

    @Test
    void keysOrderAsTheComparatorDoes() {
        // Few distinct keys (many ties), some before 1970, some far ahead: close enough to go in as distances.
        orderAsTheComparator(new long[] {-86_400_000L * 365 * 30, 0, 1, 1_772_360_000_000L, 253_402_300_799_000L});
    }

    @Test
    void keysTooFarApartGoInAsRanks() {
        // The widest keys a SORT DATE can have: the distances would not leave room for the position.
        long widest = (Long.MAX_VALUE / 1000 - 1) * 1000;
        orderAsTheComparator(new long[] {-widest, -1, 0, 1_772_360_000_000L, widest});
    }

    private static void orderAsTheComparator(long[] distinct) {
        Random random = new Random(5256);
        for (int round = 0; round < 50; round++) {
            // Up to a few thousand: both the comparison sort and the radix sort.
            int n = random.nextInt(12_000);
            long[] millis = new long[n];
            long[] uids = new long[n];
            long uid = 0;
            for (int i = 0; i < n; i++) {
                long key = distinct[random.nextInt(distinct.length)];
                millis[i] = key > 0 ? key - random.nextInt(3) * 1000L : key + random.nextInt(3) * 1000L;
                uid += 1 + random.nextInt(3);
                uids[i] = uid;
            }
            for (boolean reverse : new boolean[] {false, true}) {
                SortOrder order = order(reverse);
                List<SortOrder.Entry> entries = new ArrayList<>();
                for (int i = 0; i < n; i++) {
                    entries.add(order.entry(new SortDate(new Uid(uids[i]), Instant.ofEpochMilli(millis[i]))));
                }
                entries.sort(order);
                long[] expected = entries.stream().mapToLong(SortOrder.Entry::uid).toArray();
                assertArrayEquals(expected, SortOrder.byDate(millis, uids, reverse), "n=" + n + " reverse=" + reverse);
            }
        }
    }

    @Test
    void radixSortSortsAsArraysSortDoes() {
        Random random = new Random(16);
        for (int bits : new int[] {1, 15, 16, 17, 40, 63}) {
            long[] keys = new long[20_000];
            for (int i = 0; i < keys.length; i++) {
                keys[i] = random.nextLong() >>> (64 - bits);
            }
            long[] expected = keys.clone();
            java.util.Arrays.sort(expected);
            SortOrder.sort(keys);
            assertArrayEquals(expected, keys, bits + " bits");
        }
    }

    @Test
    void reverseKeepsTiesAscending() {
        long[] uids = {1, 2, 3, 4, 5};
        long[] millis = {10, 20, 10, 20, 10};
        assertArrayEquals(new long[] {1, 3, 5, 2, 4}, SortOrder.byDate(millis, uids, false));
        assertArrayEquals(new long[] {2, 4, 1, 3, 5}, SortOrder.byDate(millis, uids, true));
    }

    @Test
    void keysFinerThanAMillisecondAreLeftToTheComparator() {
        assertTrue(SortOrder.inMillis(Instant.ofEpochSecond(1)));
        assertTrue(SortOrder.inMillis(Instant.ofEpochSecond(Long.MAX_VALUE / 1000 - 1)));
        assertFalse(SortOrder.inMillis(Instant.ofEpochSecond(Long.MAX_VALUE / 1000)));
        assertFalse(SortOrder.inMillis(Instant.ofEpochSecond(1, 1)));
        assertFalse(SortOrder.inMillis(Instant.MAX));
        assertFalse(SortOrder.inMillis(Instant.MIN));
    }
}
