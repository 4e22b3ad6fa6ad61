package org.tegami.store.sqlite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.tegami.store.Uid;

/** {@link UidSet}: exactly the UIDs asked for, whether they run without gaps or not. */
class UidSetTest {

    private static UidSet of(long... uids) {
        return new UidSet(LongStream.of(uids).mapToObj(Uid::new).toList());
    }

    @Test
    void consecutiveUidsContainTheirRangeOnly() {
        UidSet set = new UidSet(LongStream.rangeClosed(5, 100_004).mapToObj(Uid::new).toList());
        assertEquals(5, set.min());
        assertEquals(100_004, set.max());
        assertTrue(set.contains(5));
        assertTrue(set.contains(50_000));
        assertTrue(set.contains(100_004));
        assertFalse(set.contains(4));
        assertFalse(set.contains(100_005));
    }

    @Test
    void gapsAndDuplicatesAreNotFilledIn() {
        UidSet gaps = of(9, 3, 4, 7);
        assertTrue(gaps.contains(3) && gaps.contains(4) && gaps.contains(7) && gaps.contains(9));
        assertFalse(gaps.contains(5) || gaps.contains(6) || gaps.contains(8));
        // As many UIDs as the range is wide, but one twice: 2 was not asked for.
        UidSet twice = of(1, 1, 3);
        assertFalse(twice.contains(2));
        assertTrue(twice.contains(1) && twice.contains(3));
    }

    @Test
    void uidsInAnyOrderAreSorted() {
        UidSet set = of(12, 10, 11, 14);
        assertEquals(10, set.min());
        assertEquals(14, set.max());
        assertTrue(set.contains(10) && set.contains(11) && set.contains(12) && set.contains(14));
        assertFalse(set.contains(13));
        UidSet shuffled = of(3, 1, 2);
        assertEquals(1, shuffled.min());
        assertTrue(shuffled.contains(2));
    }

    @Test
    void oneAndNone() {
        assertTrue(of(42).contains(42));
        assertFalse(of(42).contains(41));
        assertTrue(new UidSet(List.of()).isEmpty());
        assertFalse(new UidSet(List.of()).contains(1));
    }
}
