package org.tegami.imap.server;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.UnknownHostException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * maxConnectionsPerAddress at the unit level: what a loopback test cannot show, because all its connections
 * come from one address, is that addresses are counted apart and that a stray release never adds a slot.
 */
class ConnectionLimiterTest {

    private static final InetAddress FIRST = address("192.0.2.1");
    private static final InetAddress SECOND = address("2001:db8::1");

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3, 20})
    void grantsExactlyTheLimitPerAddress(int limit) {
        ConnectionLimiter limiter = new ConnectionLimiter(limit);
        for (int i = 0; i < limit; i++) {
            assertTrue(limiter.tryAcquire(FIRST), "slot " + (i + 1));
        }
        assertFalse(limiter.tryAcquire(FIRST), "one past the limit");
        assertTrue(limiter.tryAcquire(SECOND), "another address has its own slots");
        limiter.release(FIRST);
        assertTrue(limiter.tryAcquire(FIRST), "a released slot can be taken again");
        assertFalse(limiter.tryAcquire(FIRST));
    }

    @Test
    void releasingMoreThanWasAcquiredAddsNoSlots() {
        ConnectionLimiter limiter = new ConnectionLimiter(2);
        limiter.release(FIRST);
        assertTrue(limiter.tryAcquire(FIRST));
        limiter.release(FIRST);
        limiter.release(FIRST);
        assertTrue(limiter.tryAcquire(FIRST));
        assertTrue(limiter.tryAcquire(FIRST));
        assertFalse(limiter.tryAcquire(FIRST));
    }

    private static InetAddress address(String literal) {
        try {
            return InetAddress.getByName(literal);
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }
}
