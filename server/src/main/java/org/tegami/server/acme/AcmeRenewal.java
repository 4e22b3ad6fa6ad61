package org.tegami.server.acme;

import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.shredzone.acme4j.exception.AcmeException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tegami.server.CommandFailure;
import org.tegami.server.SelfSignedCertificate;
import org.tegami.server.ServerCertificate;
import org.tegami.server.TegamiConfig;
import org.tegami.server.certificates.ServerCertificates;

/**
 * Keeps an ACME certificate valid: obtains one when there is none (or when the names changed), renews it
 * when two thirds of its lifetime have passed, and after a failure tries again with a doubling delay
 * ({@code retry_initial_delay_seconds} up to {@code retry_max_delay_seconds}). A failure never stops the
 * server: the certificates in use stay, and the reason goes to the log and to the status file that
 * {@code tegami tls list} and {@code tegami doctor} show.
 */
public final class AcmeRenewal implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(AcmeRenewal.class);

    /** What obtains a certificate; {@link AcmeOrder#obtain} in the server. */
    @FunctionalInterface
    public interface Issuer {
        ServerCertificate obtain(List<String> names) throws AcmeException, InterruptedException;
    }

    private final Issuer issuer;
    private final AcmeFiles files;
    private final Supplier<List<String>> names;
    private final ServerCertificates certificates;
    private final TegamiConfig.Acme settings;
    private final Clock clock;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("acme-renewal").daemon().factory());
    private int failures;

    /**
     * @param names the names the certificate must carry, asked anew at each look (local domains change)
     */
    public AcmeRenewal(Issuer issuer, AcmeFiles files, Supplier<List<String>> names, ServerCertificates certificates,
                       TegamiConfig.Acme settings, Clock clock) {
        this.issuer = issuer;
        this.files = files;
        this.names = names;
        this.certificates = certificates;
        this.settings = settings;
        this.clock = clock;
    }

    public void start() {
        timer.execute(this::look);
    }

    /** When a certificate is renewed: after two thirds of its lifetime, as Let's Encrypt recommends. */
    public static Instant renewalTime(X509Certificate certificate) {
        Instant notBefore = certificate.getNotBefore().toInstant();
        Instant notAfter = certificate.getNotAfter().toInstant();
        return notBefore.plus(Duration.between(notBefore, notAfter).multipliedBy(2).dividedBy(3));
    }

    /** The wait after the {@code failures}th failure in a row: doubling from the initial delay, capped. */
    public static Duration retryDelay(TegamiConfig.Acme settings, int failures) {
        Duration delay = settings.retryInitialDelay();
        for (int i = 1; i < failures && delay.compareTo(settings.retryMaxDelay()) < 0; i++) {
            delay = delay.multipliedBy(2);
        }
        return delay.compareTo(settings.retryMaxDelay()) > 0 ? settings.retryMaxDelay() : delay;
    }

    private void look() {
        try {
            lookAtTheCertificate();
        } catch (RuntimeException e) {
            // Whatever went wrong (the local domains could not be read, say), renewal must not stop for good.
            failures++;
            Instant next = clock.instant().plus(retryDelay(settings, failures));
            LOG.error("ACME: cannot look at the certificate: {}; next look at {}", reason(e), next);
            schedule(next);
        }
    }

    private void lookAtTheCertificate() {
        List<String> wanted = names.get();
        Optional<ServerCertificate> stored;
        try {
            stored = files.certificate();
        } catch (CommandFailure e) {
            stored = Optional.empty();
        }
        if (stored.isPresent()) {
            X509Certificate leaf = stored.get().leaf();
            Instant renewAt = renewalTime(leaf);
            boolean covers = SelfSignedCertificate.dnsNames(leaf).containsAll(wanted);
            if (covers && clock.instant().isBefore(renewAt)) {
                LOG.info("ACME certificate for {} valid until {}; renewal at {}", wanted,
                        leaf.getNotAfter().toInstant(), renewAt);
                schedule(renewAt);
                return;
            }
        }
        attempt(wanted, stored.isPresent() ? "renewing" : "obtaining");
    }

    private void attempt(List<String> wanted, String what) {
        LOG.info("ACME: {} a certificate for {} from {}", what, wanted, settings.directory());
        try {
            ServerCertificate issued = issuer.obtain(wanted);
            files.store(issued);
            failures = 0;
            certificates.reload("ACME certificate issued");
            Instant renewAt = renewalTime(issued.leaf());
            String detail = "issued for " + wanted + " by " + issued.leaf().getIssuerX500Principal().getName()
                    + ", valid until " + issued.leaf().getNotAfter().toInstant();
            files.writeStatus(new AcmeStatus(true, clock.instant(), detail, Optional.of(renewAt)));
            LOG.info("ACME: certificate {}; renewal at {}", detail, renewAt);
            schedule(renewAt);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (AcmeException | RuntimeException e) {
            failures++;
            Duration delay = retryDelay(settings, failures);
            Instant next = clock.instant().plus(delay);
            String why = reason(e);
            try {
                files.writeStatus(new AcmeStatus(false, clock.instant(), why, Optional.of(next)));
            } catch (CommandFailure unwritable) {
                LOG.error("{}", unwritable.getMessage());
            }
            LOG.warn("ACME: cannot obtain a certificate for {} (attempt {}): {}; keeping the certificate in use ({}); "
                    + "next attempt at {}", wanted, failures, why, certificates.fallback().source().word(), next);
            schedule(next);
        }
    }

    /** The message of the failure and of its causes ("Network error: Connection refused"). */
    static String reason(Throwable failure) {
        StringBuilder text = new StringBuilder();
        for (Throwable t = failure; t != null; t = t.getCause()) {
            String message = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
            if (text.indexOf(message) < 0) {
                text.append(text.isEmpty() ? "" : ": ").append(message);
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return text.toString();
    }

    private void schedule(Instant at) {
        long delay = Math.max(0, Duration.between(clock.instant(), at).toMillis());
        if (!timer.isShutdown()) {
            timer.schedule(this::look, delay, TimeUnit.MILLISECONDS);
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
