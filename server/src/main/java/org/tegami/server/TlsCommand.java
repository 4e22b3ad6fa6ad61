package org.tegami.server;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.tegami.server.acme.AcmeFiles;
import org.tegami.server.acme.AcmeStatus;
import org.tegami.server.certificates.CertificateSource;
import org.tegami.server.certificates.CertificateWatch;
import org.tegami.server.certificates.InstalledCertificate;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * {@code tegami tls list|reload}: the certificates a server on this data directory presents, and a request
 * to the running server to read them again. Both work from the files alone, beside a running server.
 */
@Command(name = "tls", mixinStandardHelpOptions = true, description = "Certificates: list them, reload them.")
public final class TlsCommand implements Callable<Integer> {

    @Override
    public Integer call() {
        throw new CommandFailure("tls: missing subcommand (list or reload); see tegami tls --help");
    }

    /** The certificates in the order the server prefers them as the default: [tls], ACME, self-signed. */
    static List<InstalledCertificate> certificatesOf(TegamiConfig config) {
        List<InstalledCertificate> found = new ArrayList<>();
        TegamiConfig.Tls tls = config.tls();
        if (tls.certificate().isPresent()) {
            found.add(pem(tls.certificate().get(), tls.key().orElseThrow()));
        }
        AcmeFiles acme = new AcmeFiles(AcmeFiles.directoryOf(config.dataDir()), new java.security.SecureRandom());
        Optional<ServerCertificate> fromAcme = Files.exists(acme.certificateFile()) ? acme.certificate() : Optional.empty();
        fromAcme.ifPresent(certificate -> found.add(new InstalledCertificate(CertificateSource.ACME, certificate,
                SelfSignedCertificate.dnsNames(certificate.leaf()), Optional.of(acme.certificateFile()))));
        Path selfSigned = config.dataDir().resolve("tls").resolve(SelfSignedCertificate.CERTIFICATE_FILE);
        if (tls.certificate().isEmpty() && fromAcme.isEmpty() && Files.exists(selfSigned)) {
            ServerCertificate certificate = PemFiles.load(selfSigned,
                    selfSigned.resolveSibling(SelfSignedCertificate.KEY_FILE), true);
            found.add(new InstalledCertificate(CertificateSource.SELF_SIGNED, certificate,
                    SelfSignedCertificate.dnsNames(certificate.leaf()), Optional.of(selfSigned)));
        }
        for (TegamiConfig.PemPair pair : tls.sni()) {
            found.add(pem(pair.certificate(), pair.key()));
        }
        return found;
    }

    private static InstalledCertificate pem(Path certificate, Path key) {
        ServerCertificate loaded = PemFiles.load(certificate, key, false);
        return new InstalledCertificate(CertificateSource.PEM, loaded, SelfSignedCertificate.dnsNames(loaded.leaf()),
                Optional.of(certificate));
    }

    @Command(name = "list", mixinStandardHelpOptions = true,
            description = "Print each certificate: names, source (PEM, ACME, self-signed), issuer, expiry, days left.")
    public static final class ListCertificates implements Callable<Integer> {
        private final Terminal terminal;
        private final Clock clock;

        @Mixin DataOptions data;

        public ListCertificates(Terminal terminal, Clock clock) {
            this.terminal = terminal;
            this.clock = clock;
        }

        @Override
        public Integer call() {
            TegamiConfig config = data.config();
            List<InstalledCertificate> certificates = certificatesOf(config);
            if (certificates.isEmpty()) {
                terminal.out().println("no certificate yet: the server generates a self-signed one at its first start");
            }
            boolean first = true;
            for (InstalledCertificate certificate : certificates) {
                long days = certificate.daysLeft(clock);
                terminal.out().println(String.join(", ", certificate.names())
                        + "  " + certificate.source().word()
                        + "  issuer " + certificate.issuer()
                        + "  until " + certificate.notAfter()
                        + "  " + (days < 0 ? "EXPIRED" : days + " days left")
                        + (first ? "  (default)" : ""));
                first = false;
            }
            Optional<AcmeStatus> status = new AcmeFiles(AcmeFiles.directoryOf(config.dataDir()),
                    new java.security.SecureRandom()).status();
            if (config.acme().isPresent() || status.isPresent()) {
                terminal.out().println(status.map(TlsCommand::describe)
                        .orElse("ACME: no attempt yet (the server makes one at its start)"));
            }
            return 0;
        }
    }

    static String describe(AcmeStatus status) {
        return "ACME: last attempt " + status.at() + (status.ok() ? " succeeded: " : " FAILED: ") + status.detail()
                + status.nextAttempt().map(next -> "; next attempt at " + next).orElse("");
    }

    @Command(name = "reload", mixinStandardHelpOptions = true,
            description = "Make the running server read its certificate files again (new connections get them).")
    public static final class Reload implements Callable<Integer> {
        /** How long past the server's look interval the command waits for it to take the request. */
        private static final Duration GRACE = Duration.ofSeconds(10);

        private final Terminal terminal;
        private final Clock clock;

        @Mixin DataOptions data;

        public Reload(Terminal terminal, Clock clock) {
            this.terminal = terminal;
            this.clock = clock;
        }

        @Override
        public Integer call() throws InterruptedException {
            TegamiConfig config = data.config();
            Path request = CertificateWatch.reloadRequestOf(config.dataDir());
            try {
                Files.createDirectories(request.getParent());
                Files.deleteIfExists(request.resolveSibling(CertificateWatch.RELOAD_RESULT));
                Files.writeString(request, clock.instant() + "\n");
            } catch (IOException e) {
                throw new CommandFailure("cannot write " + request + ": " + e.getMessage(), e);
            }
            // The running server looks every reload_interval_seconds and deletes the request once it acted on it.
            Instant deadline = clock.instant().plus(config.tls().reloadInterval()).plus(GRACE);
            while (Files.exists(request) && clock.instant().isBefore(deadline)) {
                Thread.sleep(100);
            }
            if (Files.exists(request)) {
                terminal.out().println("no running server took the request within "
                        + (config.tls().reloadInterval().plus(GRACE).toSeconds()) + " seconds (is one running on "
                        + config.dataDir() + "?); it stays in " + request + " and is acted on at the server's next look");
                return 1;
            }
            Path result = request.resolveSibling(CertificateWatch.RELOAD_RESULT);
            String outcome;
            try {
                outcome = Files.exists(result) ? Files.readString(result).strip() : "ok";
            } catch (IOException e) {
                outcome = "ok";
            }
            if (!outcome.equals("ok")) {
                terminal.out().println("reload " + outcome + "; the server keeps the certificates it had");
                return 1;
            }
            terminal.out().println("certificates reloaded: new connections get them; open ones keep theirs");
            return 0;
        }
    }
}
