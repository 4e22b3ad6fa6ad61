package org.tegami.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.handler.ssl.SslProvider;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringReader;
import java.io.StringWriter;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tegami.server.certificates.CertificateSource;
import org.tegami.store.sqlite.SqliteMailStore;

/**
 * Several certificates on one server, picked by SNI on implicit TLS and after STARTTLS, replaced on disk while
 * a session sits in IDLE: new connections get the new certificate, the IDLE session stays and keeps working.
 */
class CertificateReloadTest {

    private static final Duration DEADLINE = Duration.ofSeconds(30);
    /** Between two looks at a condition polled with a deadline; short, and leaves the CPU to the server. */
    private static final long POLL_PAUSE_NANOS = java.util.concurrent.TimeUnit.MILLISECONDS.toNanos(20);

    @TempDir
    Path tmp;

    private RunningServer server;
    private TestTls.Issued main;
    private TestTls.Issued other;
    private TegamiConfig.PemPair otherFiles;
    private String password;
    private final ch.qos.logback.core.read.ListAppender<ch.qos.logback.classic.spi.ILoggingEvent> watchLog =
            new ch.qos.logback.core.read.ListAppender<>();

    @BeforeEach
    void start() throws Exception {
        watchLog.start();
        ((ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(
                org.tegami.server.certificates.CertificateWatch.class)).addAppender(watchLog);
        Path certificates = Files.createDirectories(tmp.resolve("certificates"));
        main = TestTls.issue(Duration.ofDays(90), "mail.test");
        other = TestTls.issue(Duration.ofDays(10), "other.test");
        TegamiConfig.PemPair mainFiles = main.write(certificates, "main");
        otherFiles = other.write(certificates, "other");
        TegamiConfig.Tls tls = new TegamiConfig.Tls(Optional.of(mainFiles.certificate()), Optional.of(mainFiles.key()),
                TegamiConfig.Tls.DEFAULT_PROTOCOLS, TegamiConfig.Tls.DEFAULT_CIPHERS, List.of(otherFiles),
                Duration.ofSeconds(1), TegamiConfig.Tls.DEFAULT_EXPIRY_WARNING_DAYS);
        TegamiConfig config = TestTls.with(TestConfigs.loopback(tmp.resolve("data")), tls, Optional.empty());
        StringWriter output = new StringWriter();
        server = new ServerRunner(config, "mail.test", SqliteMailStore::open, new TlsContextFactory(SslProvider.JDK),
                new PrintWriter(output, true)).start();
        Matcher matcher = Pattern.compile("Password for postmaster@mail\\.test: (\\S+)").matcher(output.toString());
        assertTrue(matcher.find(), output::toString);
        password = matcher.group(1);
    }

    @AfterEach
    void stop() {
        ((ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(
                org.tegami.server.certificates.CertificateWatch.class)).detachAppender(watchLog);
        if (server != null) {
            server.close();
        }
    }

    private int imaps() {
        return server.imapsAddress().orElseThrow().getPort();
    }

    private X509Certificate presentedFor(TestTls.Issued trusted, String name) throws Exception {
        try (SSLSocket socket = TestTls.connect(TestTls.trusting(List.of(trusted.certificate())), imaps(), name)) {
            return TestTls.presented(socket);
        }
    }

    @Test
    void eachNameGetsItsOwnCertificateOnOnePortWithImplicitTlsAndStartTls() throws Exception {
        assertEquals(main.certificate(), presentedFor(main, "mail.test"));
        assertEquals(other.certificate(), presentedFor(other, "other.test"));
        // STARTTLS (RFC 9051 §6.2.1) on the cleartext port picks by SNI too.
        int imap = server.imapAddress().orElseThrow().getPort();
        for (TestTls.Issued expected : List.of(main, other)) {
            String name = expected == main ? "mail.test" : "other.test";
            try (Socket plain = new Socket("127.0.0.1", imap)) {
                plain.setSoTimeout(20_000);
                BufferedReader reader = new BufferedReader(new InputStreamReader(plain.getInputStream(),
                        StandardCharsets.US_ASCII));
                assertTrue(reader.readLine().startsWith("* OK"));
                OutputStream out = plain.getOutputStream();
                out.write("a STARTTLS\r\n".getBytes(StandardCharsets.US_ASCII));
                out.flush();
                assertTrue(reader.readLine().startsWith("a OK"));
                SSLContext trust = TestTls.trusting(List.of(expected.certificate()));
                try (SSLSocket tls = (SSLSocket) trust.getSocketFactory().createSocket(plain, name, imap, true)) {
                    SSLParameters parameters = tls.getSSLParameters();
                    parameters.setServerNames(List.of(new SNIHostName(name)));
                    parameters.setEndpointIdentificationAlgorithm("HTTPS");
                    tls.setSSLParameters(parameters);
                    tls.startHandshake();
                    assertEquals(expected.certificate(), TestTls.presented(tls));
                }
            }
        }
        assertEquals(List.of(CertificateSource.PEM, CertificateSource.PEM),
                server.certificates().installed().stream().map(c -> c.source()).toList());
    }

    @Test
    void submissionAndHttpsPickBySniTooAlsoAfterSmtpStartTls() throws Exception {
        ListeningAddresses addresses = server.addresses();
        for (int port : List.of(addresses.submissions().orElseThrow().getPort(), addresses.https().orElseThrow().getPort())) {
            for (TestTls.Issued expected : List.of(main, other)) {
                String name = expected == main ? "mail.test" : "other.test";
                try (SSLSocket socket = TestTls.connect(TestTls.trusting(List.of(expected.certificate())), port, name)) {
                    assertEquals(expected.certificate(), TestTls.presented(socket), name + " on " + port);
                }
            }
        }
        // RFC 3207: STARTTLS on the submission port.
        int submission = addresses.submission().orElseThrow().getPort();
        try (Socket plain = new Socket("127.0.0.1", submission)) {
            plain.setSoTimeout(20_000);
            BufferedReader reader = new BufferedReader(new InputStreamReader(plain.getInputStream(),
                    StandardCharsets.US_ASCII));
            assertTrue(reader.readLine().startsWith("220 "));
            OutputStream out = plain.getOutputStream();
            out.write("EHLO client.test\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            for (String line = reader.readLine(); !line.startsWith("250 "); line = reader.readLine()) {
                assertTrue(line.startsWith("250-"), line);
            }
            out.write("STARTTLS\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            assertTrue(reader.readLine().startsWith("220 "));
            SSLContext trust = TestTls.trusting(List.of(other.certificate()));
            try (SSLSocket tls = (SSLSocket) trust.getSocketFactory().createSocket(plain, "other.test", submission,
                    true)) {
                SSLParameters parameters = tls.getSSLParameters();
                parameters.setServerNames(List.of(new SNIHostName("other.test")));
                parameters.setEndpointIdentificationAlgorithm("HTTPS");
                tls.setSSLParameters(parameters);
                tls.startHandshake();
                assertEquals(other.certificate(), TestTls.presented(tls));
            }
        }
    }

    @Test
    void aReplacedFileServesNewConnectionsWhileAnIdleSessionStaysAndKeepsWorking() throws Exception {
        SSLContext trustOld = TestTls.trusting(List.of(other.certificate()));
        try (RawImapClient idle = RawImapClient.over(TestTls.connect(trustOld, imaps(), "other.test"),
                Duration.ofSeconds(20))) {
            assertEquals("OK", idle.login("postmaster@mail.test", password).status());
            assertEquals("OK", idle.command("SELECT INBOX").status());
            String idleTag = idle.startIdle();

            TestTls.Issued renewed = TestTls.issue(Duration.ofDays(90), "other.test");
            // Written the way certbot and friends do: new files renamed over the old ones.
            Path staging = Files.createDirectories(tmp.resolve("staging"));
            TegamiConfig.PemPair fresh = renewed.write(staging, "other");
            Files.move(fresh.key(), otherFiles.key(), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            Files.move(fresh.certificate(), otherFiles.certificate(), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            awaitPresented(renewed, "other.test");
            assertEquals(main.certificate(), presentedFor(main, "mail.test"), "the other name is untouched");

            try (RawImapClient writer = RawImapClient.over(TestTls.connect(TestTls.trusting(
                    List.of(renewed.certificate())), imaps(), "other.test"), Duration.ofSeconds(20))) {
                assertEquals("OK", writer.login("postmaster@mail.test", password).status());
                assertEquals("OK", writer.append("INBOX", "",
                        "Subject: after the reload\r\n\r\nhello\r\n".getBytes(StandardCharsets.US_ASCII), false).status());
            }
            assertEquals("* 1 EXISTS", idle.readResponse().text(), "the IDLE session still hears of new mail");
            assertEquals("OK", idle.endIdle(idleTag).status());
            assertEquals(other.certificate(), idle.peerCertificate(), "and still speaks with its old certificate");
        }
    }

    @Test
    void aBrokenFileKeepsTheCertificateInUseAndTlsReloadSaysWhy() throws Exception {
        Files.writeString(otherFiles.certificate(), "not a certificate\n");
        Result reload = tls("reload");
        assertEquals(1, reload.status(), reload.out());
        assertTrue(reload.out().contains("reload failed: no PEM certificate"), reload.out());
        assertEquals(other.certificate(), presentedFor(other, "other.test"));

        TestTls.Issued renewed = TestTls.issue(Duration.ofDays(90), "other.test");
        renewed.write(otherFiles.certificate().getParent(), "other");
        Result fixed = tls("reload");
        assertEquals(0, fixed.status(), fixed.out());
        assertTrue(fixed.out().contains("certificates reloaded"), fixed.out());
        assertEquals(renewed.certificate(), presentedFor(renewed, "other.test"));
    }

    @Test
    void tlsListShowsEveryCertificateWithItsSourceAndDaysLeft() {
        Result list = tls("list");
        assertEquals(0, list.status(), list.err());
        List<String> lines = list.out().lines().toList();
        assertEquals(2, lines.size(), list.out());
        assertTrue(lines.get(0).startsWith("mail.test  PEM  issuer CN=mail.test  until "), lines.get(0));
        assertTrue(lines.get(0).endsWith("  89 days left  (default)"), lines.get(0));
        assertTrue(lines.get(1).startsWith("other.test  PEM  issuer CN=other.test"), lines.get(1));
        assertTrue(lines.get(1).endsWith("  9 days left"), lines.get(1));
    }

    @Test
    void theExpiryGaugeCountsTheDaysLeftOfEachCertificate() throws Exception {
        io.micrometer.prometheusmetrics.PrometheusMeterRegistry metrics =
                new io.micrometer.prometheusmetrics.PrometheusMeterRegistry(
                        io.micrometer.prometheusmetrics.PrometheusConfig.DEFAULT);
        server.certificates().bindMetrics(metrics);
        String scrape = metrics.scrape();
        assertTrue(scrape.contains("tegami_certificate_expiry_days{name=\"other.test\",source=\"PEM\"} 9.0"), scrape);
        assertTrue(scrape.contains("tegami_certificate_expiry_days{name=\"mail.test\",source=\"PEM\"} 89.0"), scrape);

        // A certificate for a name not seen before gets its gauge at the reload; the replaced one reads NaN.
        TestTls.Issued third = TestTls.issue(Duration.ofDays(30), "third.test");
        third.write(otherFiles.certificate().getParent(), "other");
        Instant deadline = Instant.now().plus(DEADLINE);
        while (!metrics.scrape().contains("tegami_certificate_expiry_days{name=\"third.test\",source=\"PEM\"} 29.0")) {
            assertTrue(Instant.now().isBefore(deadline), metrics::scrape);
            java.util.concurrent.locks.LockSupport.parkNanos(POLL_PAUSE_NANOS);
        }
        assertTrue(metrics.scrape().contains("tegami_certificate_expiry_days{name=\"other.test\",source=\"PEM\"} NaN"),
                metrics::scrape);
    }

    @Test
    void aCertificateWithinTheWarningDaysIsWarnedAboutOnceAndTheOtherIsNot() {
        Instant deadline = Instant.now().plus(DEADLINE);
        while (watchLog.list.isEmpty() && Instant.now().isBefore(deadline)) {
            java.util.concurrent.locks.LockSupport.parkNanos(POLL_PAUSE_NANOS);
        }
        List<String> warnings = watchLog.list.stream()
                .filter(event -> event.getLevel() == ch.qos.logback.classic.Level.WARN)
                .map(ch.qos.logback.classic.spi.ILoggingEvent::getFormattedMessage).toList();
        assertEquals(1, warnings.size(), warnings::toString);
        assertTrue(warnings.getFirst().startsWith("the PEM certificate for [other.test] expires in 9 days"),
                warnings.getFirst());
    }

    private record Result(int status, String out, String err) {
    }

    /** {@code tegami tls ...} in-process, on the server's data directory, with the test's config. */
    private Result tls(String command) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        Path config = tmp.resolve("config.toml");
        try {
            Files.writeString(config, "data_dir = \"" + tmp.resolve("data") + "\"\n[tls]\nreload_interval_seconds = 1\n"
                    + "certificate = \"" + tmp.resolve("certificates/main.crt") + "\"\nkey = \""
                    + tmp.resolve("certificates/main.key") + "\"\n[[tls.sni]]\ncertificate = \"" + otherFiles.certificate()
                    + "\"\nkey = \"" + otherFiles.key() + "\"\n");
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        Terminal terminal = new Terminal(new PrintWriter(out, true), new PrintWriter(err, true),
                new BufferedReader(new StringReader("")), Optional.empty());
        int status = Main.run(new String[] {"tls", command, "--config", config.toString()}, terminal,
                SqliteMailStore::open);
        return new Result(status, out.toString(), err.toString());
    }

    private void awaitPresented(TestTls.Issued expected, String name) throws Exception {
        Instant deadline = Instant.now().plus(DEADLINE);
        X509Certificate seen = null;
        while (Instant.now().isBefore(deadline)) {
            try (SSLSocket socket = TestTls.connect(TestTls.trusting(List.of(expected.certificate(),
                    other.certificate())), imaps(), name)) {
                seen = TestTls.presented(socket);
                if (seen.equals(expected.certificate())) {
                    return;
                }
            }
            java.util.concurrent.locks.LockSupport.parkNanos(POLL_PAUSE_NANOS);
        }
        throw new AssertionError("still presenting " + seen + " after " + DEADLINE);
    }

    static String permissions(Path file) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(file));
    }
}
