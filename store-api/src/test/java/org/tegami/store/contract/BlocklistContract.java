package org.tegami.store.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.tegami.store.BlockedAddress;
import org.tegami.store.Blocklist;

/** {@link Blocklist}: addresses refused until a time, shared between the server and the CLI. */
public interface BlocklistContract extends StoreFixture {

    private static InetAddress ip(String text) {
        try {
            return InetAddress.getByName(text);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(e);
        }
    }

    @Test
    default void aBlockHoldsUntilItsTime() {
        Blocklist list = store().blocklist();
        Instant until = CLOCK_START.plus(Duration.ofMinutes(15));
        list.block(ip("192.0.2.1"), until, "10 failed logins");
        assertTrue(list.isBlocked(ip("192.0.2.1"), CLOCK_START));
        assertTrue(list.isBlocked(ip("192.0.2.1"), until.minusMillis(1)));
        assertFalse(list.isBlocked(ip("192.0.2.1"), until));
        assertFalse(list.isBlocked(ip("192.0.2.2"), CLOCK_START));
        assertEquals(List.of(new BlockedAddress(ip("192.0.2.1"), CLOCK_START, until, "10 failed logins")),
                list.list(CLOCK_START));
        assertEquals(List.of(), list.list(until), "expired blocks are not listed");
    }

    @Test
    default void blockingAgainReplacesAndUnblockLifts() {
        Blocklist list = store().blocklist();
        list.block(ip("2001:db8::1"), CLOCK_START.plusSeconds(60), "first");
        list.block(ip("2001:db8:0:0::1"), CLOCK_START.plusSeconds(600), "second");
        List<BlockedAddress> now = list.list(CLOCK_START);
        assertEquals(1, now.size());
        assertEquals("second", now.getFirst().reason());
        assertEquals(CLOCK_START.plusSeconds(600), now.getFirst().until());
        assertTrue(list.unblock(ip("2001:db8::1")));
        assertFalse(list.unblock(ip("2001:db8::1")));
        assertFalse(list.isBlocked(ip("2001:db8::1"), CLOCK_START));
    }

    @Test
    default void blocksSurviveReopening() {
        store().blocklist().block(ip("198.51.100.7"), CLOCK_START.plusSeconds(60), "r");
        store().blocklist().block(ip("198.51.100.10"), CLOCK_START.plusSeconds(60), "r");
        reopen();
        assertTrue(store().blocklist().isBlocked(ip("198.51.100.7"), CLOCK_START));
        assertEquals(List.of(ip("198.51.100.10"), ip("198.51.100.7")),
                store().blocklist().list(CLOCK_START).stream().map(BlockedAddress::address).toList());
    }
}
