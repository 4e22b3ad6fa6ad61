package org.tegami.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.handler.ssl.SslProvider;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.cert.X509Certificate;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.function.BooleanSupplier;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tegami.server.acme.AcmeFiles;
import org.tegami.server.acme.AcmeStatus;
import org.tegami.server.certificates.CertificateSource;
import org.tegami.server.certificates.InstalledCertificate;
import org.tegami.server.doctor.CheckResult;
import org.tegami.smtp.server.outbound.DnsStub;
import org.tegami.store.sqlite.SqliteMailStore;

/**
 * ACME against Pebble on loopback: certificates obtained by TLS-ALPN-01 (answered on the HTTPS listener) and by
 * HTTP-01 (on the port-80 listener), then used by an IMAPS client that trusts only Pebble's root and checks the
 * host name; a failed first attempt retried; renewal forced by a short validity.
 */
class AcmePebbleTest {

    private static final Duration ISSUANCE = Duration.ofSeconds(120);
    /** Between two looks at a condition polled with a deadline; short, and leaves the CPU to the server. */
    private static final long POLL_PAUSE_NANOS = java.util.concurrent.TimeUnit.MILLISECONDS.toNanos(20);

    @TempDir
    Path tmp;

    private DnsStub dns;
    private Pebble pebble;
    private RunningServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
        if (pebble != null) {
            pebble.close();
        }
        if (dns != null) {
            dns.close();
        }
    }

    /** A server on loopback with HTTPS and HTTP on the ports Pebble validates, and ACME from Pebble. */
    private RunningServer start(int httpsPort, int httpPort, TegamiConfig.Acme acme) {
        TegamiConfig.Web web = new TegamiConfig.Web(
                new TegamiConfig.Listener(OptionalInt.of(httpsPort), Optional.empty(), true),
                new TegamiConfig.Listener(OptionalInt.of(httpPort), Optional.empty(), true),
                org.tegami.http.MtaStsMode.TESTING);
        TegamiConfig base = TestConfigs.loopback(tmp.resolve("data"), TestConfigs.EPHEMERAL, TestConfigs.EPHEMERAL,
                TestConfigs.smtp(TegamiConfig.Outbound.DEFAULT), web);
        TegamiConfig config = TestTls.with(base, TegamiConfig.Tls.DEFAULT, Optional.of(acme));
        return new ServerRunner(config, "mail.test", SqliteMailStore::open,
                new TlsContextFactory(TlsContextFactory.preferredProvider()),
                new PrintWriter(new StringWriter(), true)).start();
    }

    private TegamiConfig.Acme acme(TegamiConfig.AcmeChallenge challenge, List<String> domains,
                                   TegamiConfig.KeyType keyType) {
        return new TegamiConfig.Acme(pebble.directory(), Optional.of("mailto:postmaster@mail.test"), challenge, domains,
                Optional.of(pebble.caFile()), keyType, Duration.ofSeconds(1), Duration.ofSeconds(2),
                Duration.ofSeconds(60));
    }

    private DnsStub dnsFor(String... names) throws Exception {
        DnsStub stub = new DnsStub();
        for (String name : names) {
            stub.a(name, "127.0.0.1");
        }
        return stub;
    }

    private void await(String what, BooleanSupplier condition) {
        Instant deadline = Instant.now().plus(ISSUANCE);
        while (!condition.getAsBoolean()) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("no " + what + " within " + ISSUANCE + "; status: "
                        + acmeFiles().status() + "\npebble log:\n" + pebble.log());
            }
            java.util.concurrent.locks.LockSupport.parkNanos(POLL_PAUSE_NANOS);
        }
    }

    private AcmeFiles acmeFiles() {
        return new AcmeFiles(AcmeFiles.directoryOf(tmp.resolve("data")), new java.security.SecureRandom());
    }

    private Optional<InstalledCertificate> acmeCertificate() {
        return server.certificates().installed().stream().filter(c -> c.source() == CertificateSource.ACME).findFirst();
    }

    /** An IMAPS client trusting only Pebble's root, with host name verification, reads the greeting. */
    private X509Certificate imapsAs(String name) throws Exception {
        try (SSLSocket socket = TestTls.connect(TestTls.trusting(List.of(pebble.root())),
                server.imapsAddress().orElseThrow().getPort(), name)) {
            RawImapClient client = RawImapClient.over(socket, Duration.ofSeconds(20));
            X509Certificate presented = client.peerCertificate();
            client.close();
            return presented;
        }
    }

    @Test
    void tlsAlpn01AfterAFailedFirstAttemptThenRenewal() throws Exception {
        int httpsPort = Pebble.freePort();
        int httpPort = Pebble.freePort();
        // The default names: the host name and the client-setup names of its (only) local domain.
        dns = dnsFor("mail.test", "autoconfig.mail.test", "autodiscover.mail.test", "mta-sts.mail.test");
        pebble = new Pebble(tmp.resolve("pebble"), dns.address(), httpPort, httpsPort, Duration.ofSeconds(45), 20);
        server = start(httpsPort, httpPort, acme(TegamiConfig.AcmeChallenge.TLS_ALPN_01, List.of(),
                TegamiConfig.KeyType.EC_P256));

        // Pebble is not running yet: the attempt fails, the server goes on with the self-signed certificate.
        await("failed attempt", () -> acmeFiles().status().map(status -> !status.ok()).orElse(false));
        assertEquals(CertificateSource.SELF_SIGNED, server.certificates().fallback().source());
        CheckResult failed = DoctorCommand.acmeCheck(tmp.resolve("data")).orElseThrow();
        assertEquals(CheckResult.Status.FAIL, failed.status(), failed.detail());

        pebble.start();
        await("ACME certificate", () -> acmeCertificate().isPresent());
        InstalledCertificate first = acmeCertificate().orElseThrow();
        assertEquals(java.util.Set.of("mail.test", "autoconfig.mail.test", "autodiscover.mail.test",
                "mta-sts.mail.test"), java.util.Set.copyOf(first.names()));
        assertEquals(CertificateSource.ACME, server.certificates().fallback().source());
        X509Certificate seen = imapsAs("mail.test");
        assertEquals(first.leaf(), seen, "the IMAPS client sees the ACME certificate, trusted through Pebble's root");
        assertEquals(first.leaf(), imapsAs("autoconfig.mail.test"));
        AcmeStatus status = acmeFiles().status().orElseThrow();
        assertTrue(status.ok(), status.toString());
        assertEquals(CheckResult.Status.OK, DoctorCommand.acmeCheck(tmp.resolve("data")).orElseThrow().status());

        Path directory = AcmeFiles.directoryOf(tmp.resolve("data"));
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(directory)));
        for (String key : List.of(AcmeFiles.ACCOUNT_KEY, AcmeFiles.CERTIFICATE_KEY)) {
            assertEquals("rw-------", PosixFilePermissions.toString(
                    Files.getPosixFilePermissions(directory.resolve(key))), key);
        }
        assertEquals("EC", first.certificate().privateKey().getAlgorithm());

        // 45 seconds of validity: renewed after two thirds of it, while the server runs.
        await("renewed certificate", () -> acmeCertificate()
                .map(c -> !c.leaf().getSerialNumber().equals(first.leaf().getSerialNumber())).orElse(false));
        X509Certificate renewed = acmeCertificate().orElseThrow().leaf();
        assertFalse(renewed.getNotBefore().before(first.leaf().getNotBefore()));
        assertNotEquals(first.leaf(), imapsAs("mail.test"));
        assertEquals(renewed, imapsAs("mail.test"), "new connections get the renewed certificate");
    }

    @Test
    void http01ForConfiguredNamesWithAnRsaKey() throws Exception {
        int httpsPort = Pebble.freePort();
        int httpPort = Pebble.freePort();
        dns = dnsFor("mail.test", "imap.mail.test");
        pebble = new Pebble(tmp.resolve("pebble"), dns.address(), httpPort, httpsPort, Duration.ofDays(90), 20);
        pebble.start();
        server = start(httpsPort, httpPort, acme(TegamiConfig.AcmeChallenge.HTTP_01,
                List.of("mail.test", "imap.mail.test"), TegamiConfig.KeyType.RSA_2048));
        await("ACME certificate", () -> acmeCertificate().isPresent());
        InstalledCertificate issued = acmeCertificate().orElseThrow();
        assertEquals(java.util.Set.of("mail.test", "imap.mail.test"), java.util.Set.copyOf(issued.names()));
        assertEquals(2048, ((RSAPublicKey) issued.leaf().getPublicKey()).getModulus().bitLength());
        assertEquals(issued.leaf(), imapsAs("imap.mail.test"));
        // Renewal is due after two thirds of 90 days.
        Instant renewal = org.tegami.server.acme.AcmeRenewal.renewalTime(issued.leaf());
        assertTrue(renewal.isAfter(Instant.now().plus(Duration.ofDays(59))), renewal.toString());
        assertEquals(Optional.of(renewal), acmeFiles().status().orElseThrow().nextAttempt());
    }
}
