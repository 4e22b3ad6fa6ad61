package org.tegami.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tegami.store.BlockedAddress;
import org.tegami.store.MailStore;
import org.tegami.store.sqlite.SqliteMailStore;

/** Blocking addresses after repeated failures, the allow-list, expiry, and the per-account delay. */
class LoginBlockingTest {

    @TempDir
    Path dir;

    private final ManualClock clock = new ManualClock();
    private MailStore store;
    private LoginThrottle throttle;

    @BeforeEach
    void open() {
        store = SqliteMailStore.open(dir, clock);
        throttle = new LoginThrottle(
                new LoginThrottle.Settings(Duration.ofMillis(100), Duration.ofSeconds(2), Duration.ofMinutes(15), 1000),
                new LoginThrottle.Blocking(3, Duration.ofMinutes(10), List.of(Network.parse("10.0.0.0/8"),
                        Network.parse("2001:db8:aa::/48"))),
                store.blocklist(), clock);
    }

    @AfterEach
    void close() {
        store.close();
    }

    private static InetAddress ip(String text) throws Exception {
        return InetAddress.getByName(text);
    }

    @Test
    void anAddressIsBlockedAfterTheConfiguredFailuresAndAnotherIsNot() throws Exception {
        InetAddress attacker = ip("192.0.2.66");
        InetAddress user = ip("198.51.100.1");
        throttle.recordFailure(attacker);
        throttle.recordFailure(attacker);
        throttle.recordFailure(user);
        assertFalse(throttle.refusesConnection(attacker));
        throttle.recordFailure(attacker);
        assertTrue(throttle.refusesConnection(attacker));
        assertFalse(throttle.refusesConnection(user));
        List<BlockedAddress> blocked = store.blocklist().list(clock.instant());
        assertEquals(List.of(attacker), blocked.stream().map(BlockedAddress::address).toList());
        assertEquals(clock.instant().plus(Duration.ofMinutes(10)), blocked.getFirst().until());
        assertEquals("3 failed logins", blocked.getFirst().reason());
        assertEquals(new LoginMetrics.Snapshot(0, 4, 1, 1), throttle.metrics().snapshot());
    }

    @Test
    void theBlockExpiresAndCountingStartsAgain() throws Exception {
        InetAddress attacker = ip("2001:db8::66");
        for (int i = 0; i < 3; i++) {
            throttle.recordFailure(attacker);
        }
        assertTrue(throttle.refusesConnection(attacker));
        clock.advance(Duration.ofMinutes(10));
        assertFalse(throttle.refusesConnection(attacker));
        assertEquals(0, throttle.failureCount(attacker));
        throttle.recordFailure(attacker);
        assertFalse(throttle.refusesConnection(attacker), "one new failure does not block again");
    }

    @Test
    void anUnblockFromAnotherProcessIsSeenAtOnce() throws Exception {
        InetAddress attacker = ip("192.0.2.67");
        for (int i = 0; i < 3; i++) {
            throttle.recordFailure(attacker);
        }
        try (MailStore cli = SqliteMailStore.open(dir, clock)) {
            assertTrue(cli.blocklist().unblock(attacker));
        }
        assertFalse(throttle.refusesConnection(attacker));
    }

    @Test
    void allowedNetworksAreNeverBlocked() throws Exception {
        for (String allowed : List.of("10.1.2.3", "2001:db8:aa:1::5")) {
            for (int i = 0; i < 10; i++) {
                throttle.recordFailure(ip(allowed));
            }
            assertFalse(throttle.refusesConnection(ip(allowed)), allowed);
        }
        assertTrue(store.blocklist().list(clock.instant()).isEmpty());
        // Still delayed, though: the allow-list exempts from blocking, not from throttling.
        assertEquals(Duration.ofSeconds(2), throttle.recordFailure(ip("10.1.2.3")));
    }

    @Test
    void zeroFailuresNeverBlocks() throws Exception {
        LoginThrottle off = new LoginThrottle(LoginThrottle.Settings.DEFAULTS,
                new LoginThrottle.Blocking(0, Duration.ofMinutes(10), List.of()), store.blocklist(), clock);
        for (int i = 0; i < 20; i++) {
            off.recordFailure(ip("192.0.2.9"));
        }
        assertFalse(off.refusesConnection(ip("192.0.2.9")));
    }

    @Test
    void failuresAgainstOneAccountFromManyAddressesDelayItWithoutLockingIt() throws Exception {
        // The first few failures are free: the owner's typos are slowed per address already.
        assertEquals(Duration.ZERO, throttle.recordAccountFailure("carol@example.org"));
        assertEquals(Duration.ZERO, throttle.recordAccountFailure("carol@example.org"));
        assertEquals(Duration.ZERO, throttle.recordAccountFailure("carol@example.org"));
        assertEquals(Duration.ofMillis(100), throttle.recordAccountFailure("carol@example.org"));
        assertEquals(Duration.ofMillis(200), throttle.recordAccountFailure("carol@example.org"));
        for (int i = 0; i < 20; i++) {
            throttle.recordAccountFailure("carol@example.org");
        }
        assertEquals(Duration.ofSeconds(2), throttle.recordAccountFailure("carol@example.org"), "capped");
        assertEquals(Duration.ZERO, throttle.recordAccountFailure("dave@example.org"), "other accounts unaffected");
        // Nothing was blocked: account failures never block an address or the account.
        assertTrue(store.blocklist().list(clock.instant()).isEmpty());
        clock.advance(Duration.ofMinutes(16));
        assertEquals(Duration.ZERO, throttle.recordAccountFailure("carol@example.org"), "forgotten after the window");
    }
}
