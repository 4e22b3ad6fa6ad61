package org.tegami.server.acme;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.net.ConnectException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.shredzone.acme4j.exception.AcmeException;
import org.tegami.server.TegamiConfig;

/** When certificates are renewed and how long a failed attempt waits; Pebble tests cover the rest end to end. */
class AcmeRenewalTest {

    private static TegamiConfig.Acme retrying(Duration initial, Duration max) {
        return new TegamiConfig.Acme(TegamiConfig.Acme.LETSENCRYPT, Optional.empty(),
                TegamiConfig.AcmeChallenge.TLS_ALPN_01, List.of(), Optional.empty(), TegamiConfig.KeyType.EC_P256,
                initial, max, TegamiConfig.Acme.DEFAULT_TIMEOUT);
    }

    @Test
    void retriesDoubleFromTheInitialDelayUpToTheMaximum() {
        TegamiConfig.Acme acme = retrying(Duration.ofMinutes(1), Duration.ofMinutes(10));
        assertEquals(Duration.ofMinutes(1), AcmeRenewal.retryDelay(acme, 1));
        assertEquals(Duration.ofMinutes(2), AcmeRenewal.retryDelay(acme, 2));
        assertEquals(Duration.ofMinutes(8), AcmeRenewal.retryDelay(acme, 4));
        assertEquals(Duration.ofMinutes(10), AcmeRenewal.retryDelay(acme, 5), "capped at the maximum");
        assertEquals(Duration.ofMinutes(10), AcmeRenewal.retryDelay(acme, 10_000), "and stays there");
        assertEquals(Duration.ofMinutes(3), AcmeRenewal.retryDelay(retrying(Duration.ofMinutes(3),
                Duration.ofMinutes(3)), 7));
    }

    @Test
    void aFailureNamesItsCauses() {
        AcmeException failure = new AcmeException("Network error", new IOException(new ConnectException(
                "Connection refused")));
        assertEquals("Network error: java.net.ConnectException: Connection refused", AcmeRenewal.reason(failure),
                "a cause already quoted by its wrapper is not repeated");
        assertEquals("NullPointerException", AcmeRenewal.reason(new NullPointerException()));
    }

    @Test
    void theStatusFileKeepsEveryFieldOnOneLineEach() {
        AcmeStatus status = new AcmeStatus(false, java.time.Instant.parse("2026-11-28T10:00:00Z"),
                "the CA said:\n  rate limited", Optional.of(java.time.Instant.parse("2026-11-28T10:01:00Z")));
        AcmeStatus read = AcmeStatus.parse(status.format().lines().toList());
        assertEquals(new AcmeStatus(false, status.at(), "the CA said: rate limited", status.nextAttempt()), read);
    }
}
