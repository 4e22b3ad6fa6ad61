package org.tegami.server.certificates;

import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.tegami.server.ServerCertificate;

/**
 * A certificate the server presents: where it comes from, the DNS names it serves (its subject
 * alternative names), and the file it was read from.
 */
public record InstalledCertificate(CertificateSource source, ServerCertificate certificate, List<String> names,
                                   Optional<Path> file) {

    public InstalledCertificate {
        names = List.copyOf(names);
    }

    public X509Certificate leaf() {
        return certificate.leaf();
    }

    /** The name it is known by: its first DNS name, else its subject. */
    public String label() {
        return names.isEmpty() ? leaf().getSubjectX500Principal().getName() : names.getFirst();
    }

    public Instant notAfter() {
        return leaf().getNotAfter().toInstant();
    }

    /** Whole days until it expires, negative once it has; a certificate expiring later today has 0 left. */
    public long daysLeft(Clock clock) {
        return Math.floorDiv(Duration.between(clock.instant(), notAfter()).toSeconds(), 86_400L);
    }

    public String issuer() {
        return leaf().getIssuerX500Principal().getName();
    }
}
