package org.tegami.imap.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.tegami.imap.protocol.ImapLimits;

/**
 * The idle timeout's floor (RFC 9051 §5.4: at least 30 minutes) and the update contexts' floor (RFC 5267 §4.3.1: at
 * least one per client), each at the limit and one past it.
 */
class ImapSettingsTest {

    private static ImapSettings withIdleTimeout(Duration idleTimeout) {
        return new ImapSettings("localhost", ImapLimits.DEFAULTS, Duration.ofSeconds(1), idleTimeout, 3, 1024 * 1024, 5);
    }

    @Test
    void idleTimeoutOfExactlyThirtyMinutesIsAccepted() {
        assertEquals(Duration.ofMinutes(30), withIdleTimeout(Duration.ofMinutes(30)).idleTimeout());
    }

    @Test
    void idleTimeoutOneMillisecondShortIsRefused() {
        assertThrows(IllegalArgumentException.class,
                () -> withIdleTimeout(Duration.ofMinutes(30).minusMillis(1)));
    }

    @Test
    void oneUpdateContextIsAccepted() {
        assertEquals(1, withIdleTimeout(Duration.ofMinutes(30)).withMaxUpdateContexts(1).maxUpdateContexts());
    }

    @Test
    void noUpdateContextIsRefused() {
        assertThrows(IllegalArgumentException.class,
                () -> withIdleTimeout(Duration.ofMinutes(30)).withMaxUpdateContexts(0));
    }

    @Test
    void notifyLimitsAtTheirLeastAreAccepted() {
        ImapSettings settings = withIdleTimeout(Duration.ofMinutes(30)).withNotifyLimits(0, 1);
        assertEquals(0, settings.maxWatchedMailboxes());
        assertEquals(1, settings.maxPendingNotifications());
    }

    @Test
    void notifyLimitsOnePastTheirLeastAreRefused() {
        ImapSettings settings = withIdleTimeout(Duration.ofMinutes(30));
        assertThrows(IllegalArgumentException.class, () -> settings.withNotifyLimits(-1, 1));
        assertThrows(IllegalArgumentException.class, () -> settings.withNotifyLimits(0, 0));
    }
}
