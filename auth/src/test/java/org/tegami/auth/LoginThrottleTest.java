package org.tegami.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.InetAddress;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class LoginThrottleTest {

    private final ManualClock clock = new ManualClock();
    private final LoginThrottle throttle = new LoginThrottle(
            new LoginThrottle.Settings(Duration.ofMillis(500), Duration.ofSeconds(4), Duration.ofMinutes(15), 3), clock);

    @Test
    void delaysDoublePerFailureUpToTheMaximum() throws Exception {
        InetAddress client = InetAddress.getByName("192.0.2.1");
        assertEquals(Duration.ofMillis(500), throttle.recordFailure(client));
        assertEquals(Duration.ofMillis(1000), throttle.recordFailure(client));
        assertEquals(Duration.ofMillis(2000), throttle.recordFailure(client));
        assertEquals(Duration.ofMillis(4000), throttle.recordFailure(client));
        assertEquals(Duration.ofMillis(4000), throttle.recordFailure(client));
        assertEquals(5, throttle.failureCount(client));
    }

    @Test
    void addressesAreCountedSeparatelyAndSuccessClears() throws Exception {
        InetAddress a = InetAddress.getByName("192.0.2.1");
        InetAddress b = InetAddress.getByName("2001:db8::1");
        throttle.recordFailure(a);
        throttle.recordFailure(a);
        assertEquals(Duration.ofMillis(500), throttle.recordFailure(b));
        throttle.recordSuccess(a);
        assertEquals(0, throttle.failureCount(a));
        assertEquals(Duration.ofMillis(500), throttle.recordFailure(a));
    }

    @Test
    void failuresAreForgottenAfterTheQuietPeriod() throws Exception {
        InetAddress client = InetAddress.getByName("192.0.2.7");
        throttle.recordFailure(client);
        throttle.recordFailure(client);
        clock.advance(Duration.ofMinutes(16));
        assertEquals(0, throttle.failureCount(client));
        assertEquals(Duration.ofMillis(500), throttle.recordFailure(client));
    }

    @Test
    void trackedAddressesStayBounded() throws Exception {
        for (int i = 1; i <= 10; i++) {
            throttle.recordFailure(InetAddress.getByName("198.51.100." + i));
        }
        int remembered = 0;
        for (int i = 1; i <= 10; i++) {
            remembered += throttle.failureCount(InetAddress.getByName("198.51.100." + i)) > 0 ? 1 : 0;
        }
        assertEquals(true, remembered <= 3, "at most maxTrackedAddresses remembered, got " + remembered);
    }
}
