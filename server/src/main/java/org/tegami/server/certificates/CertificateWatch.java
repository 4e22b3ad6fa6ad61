package org.tegami.server.certificates;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Looks at the certificates every {@code interval}: reloads them when one of their files changed on disk or
 * when {@code tegami tls reload} left a request file in the data directory, and warns in the log about every
 * certificate that expires within {@code warningDays} (once a day per certificate).
 *
 * <p>The reload request is a file rather than a network admin endpoint: whoever may write the data directory
 * may already replace the certificates themselves, so the file grants nothing new, and no listener has to be
 * opened, authenticated and protected for it.
 */
public final class CertificateWatch implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(CertificateWatch.class);

    /** The file {@code tegami tls reload} creates and the watch deletes once it has acted on it. */
    public static final String RELOAD_REQUEST = "reload-request";
    /** Where the watch leaves the outcome of the last requested reload, written before the request goes. */
    public static final String RELOAD_RESULT = "reload-result";

    private final ServerCertificates certificates;
    private final Path reloadRequest;
    private final Duration interval;
    private final int warningDays;
    private final Clock clock;
    private final Map<String, LocalDate> warned = new HashMap<>();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("certificate-watch").daemon().factory());

    public CertificateWatch(ServerCertificates certificates, Path reloadRequest, Duration interval, int warningDays,
                            Clock clock) {
        this.certificates = certificates;
        this.reloadRequest = reloadRequest;
        this.interval = interval;
        this.warningDays = warningDays;
        this.clock = clock;
    }

    /** {@code <data>/tls/reload-request}. */
    public static Path reloadRequestOf(Path dataDir) {
        return dataDir.resolve("tls").resolve(RELOAD_REQUEST);
    }

    public void start() {
        timer.execute(this::warnAboutExpiry);
        timer.scheduleWithFixedDelay(this::look, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** One look: reload if asked to or if a file changed, then the expiry warnings. */
    void look() {
        try {
            if (Files.exists(reloadRequest)) {
                Optional<String> failure = certificates.reload("tegami tls reload");
                Files.writeString(reloadRequest.resolveSibling(RELOAD_RESULT),
                        failure.map(why -> "failed: " + why).orElse("ok") + "\n");
                Files.deleteIfExists(reloadRequest);
            } else if (certificates.filesChanged()) {
                certificates.reload("a certificate file changed");
            }
            warnAboutExpiry();
        } catch (IOException | RuntimeException e) {
            // The watch must outlive any one failure, or certificates would silently stop being reloaded.
            LOG.error("cannot look at the certificates: {}", e.toString());
        }
    }

    private void warnAboutExpiry() {
        LocalDate today = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
        for (InstalledCertificate certificate : certificates.installed()) {
            long days = certificate.daysLeft(clock);
            if (days > warningDays) {
                continue;
            }
            String fingerprint = certificate.certificate().sha256Fingerprint();
            if (today.equals(warned.put(fingerprint, today))) {
                continue;
            }
            if (days < 0) {
                LOG.error("the {} certificate for {} expired on {}: clients refuse to connect; {}",
                        certificate.source().word(), certificate.names(), certificate.notAfter(), remedy(certificate));
            } else {
                LOG.warn("the {} certificate for {} expires in {} days, on {}; {}", certificate.source().word(),
                        certificate.names(), days, certificate.notAfter(), remedy(certificate));
            }
        }
    }

    private static String remedy(InstalledCertificate certificate) {
        return switch (certificate.source()) {
            case PEM -> "replace " + certificate.file().map(Path::toString).orElse("the PEM file")
                    + " with a renewed one (it is picked up without a restart)";
            case ACME -> "ACME renewal is failing: see 'tegami tls list' and the log for why";
            case SELF_SIGNED -> "it is made anew at the next start";
        };
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
