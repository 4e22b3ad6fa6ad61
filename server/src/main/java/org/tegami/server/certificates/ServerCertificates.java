package org.tegami.server.certificates;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.netty.handler.ssl.SslContext;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tegami.server.CommandFailure;
import org.tegami.server.PemFiles;
import org.tegami.server.SelfSignedCertificate;
import org.tegami.server.ServerCertificate;
import org.tegami.server.TegamiConfig;
import org.tegami.server.TlsContextFactory;
import org.tegami.server.acme.AcmeFiles;
import org.tegami.tls.CertificateRegistry;
import org.tegami.tls.SniTable;

/**
 * Every certificate the server presents, read from where it lives (configured PEM files, the ACME
 * certificate in the data directory, the generated self-signed one) and published to the
 * {@link CertificateRegistry} the listeners use. Per name, a PEM file wins over ACME, and ACME over
 * self-signed; a client without a name (or with one no certificate has) gets the {@code [tls]} PEM
 * certificate, else the ACME one, else the self-signed one. {@link #reload} reads everything again and
 * swaps it in for new connections; if anything cannot be read, the certificates in use are kept.
 */
public final class ServerCertificates {

    private static final Logger LOG = LoggerFactory.getLogger(ServerCertificates.class);

    /** One complete reading of the certificates, and the state of the files it came from. */
    private record Generation(List<InstalledCertificate> installed, InstalledCertificate fallback, SniTable table,
                              Map<Path, FileStamp> files, Optional<SelfSignedCertificate.Obtained> selfSigned) {
    }

    /** Enough of a file's state to notice that it was replaced or rewritten. */
    private record FileStamp(FileTime modified, long size, Object key) {
        static FileStamp of(Path file) {
            try {
                var attributes = Files.readAttributes(file, java.nio.file.attribute.BasicFileAttributes.class);
                return new FileStamp(attributes.lastModifiedTime(), attributes.size(), attributes.fileKey());
            } catch (IOException e) {
                return new FileStamp(FileTime.fromMillis(0), -1, null);
            }
        }
    }

    private final TegamiConfig.Tls tls;
    private final TlsContextFactory contexts;
    private final String hostname;
    private final Optional<AcmeFiles> acme;
    private final SelfSignedCertificate selfSigned;
    private final Clock clock;
    private final CertificateRegistry registry;
    private volatile Generation current;
    private volatile MeterRegistry metrics;

    /**
     * Reads the certificates once; a configured PEM file that cannot be used stops the start here.
     *
     * @param acme the ACME files when [acme] is configured
     */
    public ServerCertificates(TegamiConfig.Tls tls, TlsContextFactory contexts, String hostname,
                              Optional<AcmeFiles> acme, SelfSignedCertificate selfSigned, Clock clock) {
        this.tls = tls;
        this.contexts = contexts;
        this.hostname = hostname;
        this.acme = acme;
        this.selfSigned = selfSigned;
        this.clock = clock;
        Generation first = read();
        this.current = first;
        this.registry = new CertificateRegistry(first.table());
    }

    public CertificateRegistry registry() {
        return registry;
    }

    /** The certificates in use, the fallback first. */
    public List<InstalledCertificate> installed() {
        return current.installed();
    }

    /** What clients without a matching name get. */
    public InstalledCertificate fallback() {
        return current.fallback();
    }

    /** The self-signed certificate as obtained at the start, when one is in use. */
    public Optional<SelfSignedCertificate.Obtained> selfSigned() {
        return current.selfSigned();
    }

    public TlsContextFactory contexts() {
        return contexts;
    }

    public TegamiConfig.Tls settings() {
        return tls;
    }

    /** Whether one of the files read changed (or appeared, or vanished) since the last reading. */
    public boolean filesChanged() {
        Generation generation = current;
        for (Map.Entry<Path, FileStamp> entry : generation.files().entrySet()) {
            if (!entry.getValue().equals(FileStamp.of(entry.getKey()))) {
                return true;
            }
        }
        return false;
    }

    /**
     * Reads every certificate again and makes the result the one new connections get; connections already in
     * TLS keep theirs. When something cannot be read, the certificates in use are kept and the reason is
     * returned.
     */
    public synchronized Optional<String> reload(String why) {
        Generation next;
        try {
            next = read();
        } catch (CommandFailure | IllegalStateException e) {
            LOG.error("certificates not reloaded ({}); keeping the ones in use: {}", why, e.getMessage());
            // Remember the files as they are now, so a broken file is reported once, not at every look.
            current = new Generation(current.installed(), current.fallback(), current.table(),
                    stamps(current.files().keySet()), current.selfSigned());
            return Optional.of(e.getMessage());
        }
        registry.publish(next.table());
        current = next;
        MeterRegistry bound = metrics;
        if (bound != null) {
            // A certificate new in this generation (the first ACME one, a PEM file for other names) gets its gauge.
            bindMetrics(bound);
        }
        LOG.info("certificates reloaded ({}): {}", why, describe(next.installed()));
        return Optional.empty();
    }

    /**
     * {@code tegami_certificate_expiry_days{name, source}}: days until each certificate in use expires. A
     * certificate no longer in use reads as NaN, which Prometheus drops.
     */
    public void bindMetrics(MeterRegistry metrics) {
        this.metrics = metrics;
        for (InstalledCertificate certificate : installed()) {
            register(metrics, certificate.label(), certificate.source());
        }
    }

    private void register(MeterRegistry metrics, String label, CertificateSource source) {
        Gauge.builder("tegami.certificate.expiry.days", this, certificates -> certificates.installed().stream()
                        .filter(c -> c.label().equals(label) && c.source() == source)
                        .mapToDouble(c -> c.daysLeft(clock)).findFirst().orElse(Double.NaN))
                .description("Days until the certificate expires")
                .tags("name", label, "source", source.word())
                .register(metrics);
    }

    private static String describe(List<InstalledCertificate> installed) {
        return installed.stream().map(c -> c.label() + " (" + c.source().word() + ", until " + c.notAfter() + ")")
                .toList().toString();
    }

    private Generation read() {
        List<InstalledCertificate> pem = new ArrayList<>();
        Map<Path, FileStamp> files = new LinkedHashMap<>();
        Optional<InstalledCertificate> configured = Optional.empty();
        if (tls.certificate().isPresent()) {
            configured = Optional.of(readPem(tls.certificate().get(), tls.key().orElseThrow(), files));
        }
        for (TegamiConfig.PemPair pair : tls.sni()) {
            pem.add(readPem(pair.certificate(), pair.key(), files));
        }
        Optional<InstalledCertificate> fromAcme = Optional.empty();
        if (acme.isPresent()) {
            AcmeFiles store = acme.get();
            files.put(store.certificateFile(), FileStamp.of(store.certificateFile()));
            files.put(store.certificateKeyFile(), FileStamp.of(store.certificateKeyFile()));
            try {
                fromAcme = store.certificate().map(certificate -> installed(CertificateSource.ACME, certificate,
                        Optional.of(store.certificateFile())));
            } catch (CommandFailure e) {
                // A damaged ACME certificate is replaced by the next renewal; until then the others serve.
                LOG.warn("the stored ACME certificate cannot be used: {}", e.getMessage());
            }
        }
        Optional<SelfSignedCertificate.Obtained> generated = Optional.empty();
        Optional<InstalledCertificate> fromSelfSigned = Optional.empty();
        if (configured.isEmpty() && fromAcme.isEmpty()) {
            SelfSignedCertificate.Obtained obtained = selfSigned.obtain(hostname);
            generated = Optional.of(obtained);
            fromSelfSigned = Optional.of(installed(CertificateSource.SELF_SIGNED, obtained.certificate(),
                    Optional.of(obtained.certificateFile())));
        }
        InstalledCertificate fallback = configured.isPresent() ? configured.get()
                : fromAcme.isPresent() ? fromAcme.get() : fromSelfSigned.orElseThrow();
        List<InstalledCertificate> all = new ArrayList<>();
        all.add(fallback);
        configured.filter(c -> c != fallback).ifPresent(all::add);
        all.addAll(pem);
        fromAcme.filter(c -> c != fallback).ifPresent(all::add);
        fromSelfSigned.filter(c -> c != fallback).ifPresent(all::add);
        // Lowest precedence first: a later entry for the same name replaces an earlier one.
        Map<ServerCertificate, SslContext> built = new IdentityHashMap<>();
        Map<String, SslContext> byName = new HashMap<>();
        List<InstalledCertificate> byPrecedence = new ArrayList<>();
        fromSelfSigned.ifPresent(byPrecedence::add);
        fromAcme.ifPresent(byPrecedence::add);
        configured.ifPresent(byPrecedence::add);
        byPrecedence.addAll(pem);
        for (InstalledCertificate certificate : byPrecedence) {
            SslContext context = built.computeIfAbsent(certificate.certificate(), c -> contexts.create(c, tls));
            for (String name : certificate.names()) {
                byName.put(name, context);
            }
        }
        SniTable table = new SniTable(built.computeIfAbsent(fallback.certificate(), c -> contexts.create(c, tls)),
                byName);
        return new Generation(List.copyOf(all), fallback, table, Map.copyOf(files), generated);
    }

    private InstalledCertificate readPem(Path certificate, Path key, Map<Path, FileStamp> files) {
        files.put(certificate, FileStamp.of(certificate));
        files.put(key, FileStamp.of(key));
        return installed(CertificateSource.PEM, PemFiles.load(certificate, key, false), Optional.of(certificate));
    }

    private static InstalledCertificate installed(CertificateSource source, ServerCertificate certificate,
                                                  Optional<Path> file) {
        return new InstalledCertificate(source, certificate, SelfSignedCertificate.dnsNames(certificate.leaf()), file);
    }

    private static Map<Path, FileStamp> stamps(Iterable<Path> paths) {
        Map<Path, FileStamp> stamps = new LinkedHashMap<>();
        for (Path path : paths) {
            stamps.put(path, FileStamp.of(path));
        }
        return Map.copyOf(stamps);
    }
}
