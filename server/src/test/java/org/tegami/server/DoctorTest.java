package org.tegami.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringReader;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.tegami.smtp.server.outbound.DnsStub;
import org.tegami.store.sqlite.SqliteMailStore;

/**
 * {@code tegami doctor} against a real Tegami started in-process (self-signed certificate, ephemeral
 * loopback ports), against a DNS stub for the address form, and against broken fakes.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class DoctorTest {

    private final StringWriter startup = new StringWriter();
    private RunningServer server;
    private DnsStub dns;

    private record Result(int status, String out, String err) {
        List<String> lines() {
            return out.lines().toList();
        }

        boolean has(String prefix) {
            return out.lines().anyMatch(line -> line.startsWith(prefix));
        }
    }

    @BeforeAll
    void start(@TempDir Path dataDir) throws IOException {
        server = new ServerRunner(TestConfigs.loopback(dataDir), "mail.test", SqliteMailStore::open,
                new TlsContextFactory(TlsContextFactory.preferredProvider()), new PrintWriter(startup, true)).start();
        ListeningAddresses at = server.addresses();
        dns = new DnsStub()
                .mx("mail.test", 10, "mail.test")
                .a("mail.test", "127.0.0.1")
                .srv("_imaps._tcp.mail.test", 0, at.imaps().orElseThrow().getPort(), "mail.test")
                .srv("_imap._tcp.mail.test", 10, at.imap().orElseThrow().getPort(), "mail.test")
                .srv("_submissions._tcp.mail.test", 0, at.submissions().orElseThrow().getPort(), "mail.test")
                .srv("_submission._tcp.mail.test", 10, at.submission().orElseThrow().getPort(), "mail.test")
                .cname("autoconfig.mail.test", "mail.test")
                .cname("autodiscover.mail.test", "mail.test");
    }

    @AfterAll
    void stop() {
        server.close();
        dns.close();
    }

    private String password() {
        Matcher password = Pattern.compile("Password for postmaster@mail\\.test: (\\S+)").matcher(startup.toString());
        assertTrue(password.find(), startup::toString);
        return password.group(1);
    }

    /** The server's four ports as doctor options. */
    private List<String> serverPorts() {
        ListeningAddresses at = server.addresses();
        return List.of("--imaps-port", port(at.imaps()), "--imap-port", port(at.imap()),
                "--submissions-port", port(at.submissions()), "--submission-port", port(at.submission()));
    }

    private static String port(Optional<java.net.InetSocketAddress> address) {
        return String.valueOf(address.orElseThrow().getPort());
    }

    private String resolver() {
        return "127.0.0.1:" + dns.address().getPort();
    }

    private Result doctor(String stdin, List<String> args) {
        List<String> all = new ArrayList<>(List.of("doctor", "--timeout-seconds", "5"));
        all.addAll(args);
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        Terminal terminal = new Terminal(new PrintWriter(out), new PrintWriter(err),
                new BufferedReader(new StringReader(stdin)), Optional.empty());
        int status = Main.run(all.toArray(String[]::new), terminal, SqliteMailStore::open);
        return new Result(status, out.toString(), err.toString());
    }

    private static List<String> with(List<String> first, String... more) {
        List<String> all = new ArrayList<>(first);
        all.addAll(List.of(more));
        return all;
    }

    /** A loopback port nobody listens on: bound, then released. */
    private static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    @Test
    void aHealthyTegamiPassesEveryCheckAndTheSelfSignedCertificateIsAWarningWithItsFingerprint() {
        Result result = doctor("", with(serverPorts(), "127.0.0.1"));

        assertEquals(0, result.status(), result.out() + result.err());
        assertFalse(result.out().contains("✗"), result.out());
        // IMAP and SMTP: the implicit-TLS port, the STARTTLS port before and after STARTTLS.
        Map<String, Long> expected = Map.of("port", 4L, "TLS on", 4L, "IMAP on", 3L, "SMTP on", 3L);
        expected.forEach((check, count) -> assertEquals(count, result.lines().stream()
                .filter(line -> line.startsWith("✓ " + check + " ")).count(), check + " in\n" + result.out()));
        assertTrue(result.has("✓ IMAP on " + port(server.addresses().imap()) + " after STARTTLS: "), result.out());
        assertTrue(result.has("✓ SMTP on " + port(server.addresses().submission()) + " after STARTTLS: "),
                result.out());
        assertTrue(result.has("! certificate trust: port " + port(server.addresses().imaps())
                + ": self-signed, SHA-256 fingerprint " + server.certificate().sha256Fingerprint()), result.out());
        assertTrue(result.has("✓ certificate host name: 127.0.0.1 is one of"), result.out());
        assertTrue(result.has("✓ certificate expiry: valid until"), result.out());
        assertTrue(result.lines().getLast().startsWith("all "), result.out());
    }

    @Test
    void theAddressFormFindsTheHostInDnsAndLogsInWithThePassword() {
        Result result = doctor(password() + "\n", with(serverPorts(), "postmaster@mail.test", "--resolver", resolver(),
                "--password-stdin"));

        assertEquals(0, result.status(), result.out() + result.err());
        assertTrue(result.has("✓ DNS MX: 10 mail.test"), result.out());
        assertTrue(result.has("✓ DNS SRV: _imaps._tcp → mail.test:"), result.out());
        assertTrue(result.has("✓ DNS autoconfig: autoconfig.mail.test → mail.test"), result.out());
        assertTrue(result.has("✓ mail host: mail.test (from SRV _imaps._tcp)"), result.out());
        assertTrue(result.has("! DNS addresses: mail.test → 127.0.0.1"), "loopback is private: " + result.out());
        assertTrue(result.has("✓ certificate host name: mail.test is one of"), result.out());
        assertTrue(result.has("✓ IMAP login: logged in as postmaster@mail.test on port "
                + port(server.addresses().imaps()) + " (the user name is the whole address)"), result.out());
        assertTrue(result.has("✓ SMTP login: logged in as postmaster@mail.test"), result.out());
    }

    @Test
    void aUserNameWithoutTheDomainGetsTheWholeAddressAsRemedy() {
        Result result = doctor(password() + "\n", with(serverPorts(), "postmaster@mail.test", "--resolver", resolver(),
                "--password-stdin", "--user", "postmaster"));

        assertEquals(1, result.status(), result.out());
        List<String> lines = result.lines();
        int imap = lines.indexOf("✗ IMAP login: login as postmaster was refused, but postmaster@mail.test works");
        assertTrue(imap >= 0, result.out());
        assertEquals("    → log in with the whole address postmaster@mail.test as the user name", lines.get(imap + 1));
        assertTrue(result.has("✗ SMTP login: login as postmaster was refused, but postmaster@mail.test works"),
                result.out());
    }

    @Test
    void aWrongPasswordIsRefusedWithoutBlamingTheUserName() {
        Result result = doctor("not the password\n", with(serverPorts(), "127.0.0.1", "--password-stdin",
                "--user", "postmaster@mail.test"));

        assertEquals(1, result.status(), result.out());
        assertTrue(result.has("✗ IMAP login: login as postmaster@mail.test was refused"), result.out());
        assertTrue(result.out().contains("check the password"), result.out());
    }

    @Test
    void aPortWithNothingListeningSaysSo() throws IOException {
        String closed = String.valueOf(closedPort());
        Result result = doctor("", List.of("127.0.0.1", "--imaps-port", closed, "--imap-port", closed,
                "--submissions-port", closed, "--submission-port", closed));

        assertEquals(1, result.status(), result.out());
        int line = result.lines().indexOf("✗ port " + closed + ": nothing listens on port " + closed
                + " of 127.0.0.1 (127.0.0.1)");
        assertTrue(line >= 0, result.out());
        assertTrue(result.lines().get(line + 1).startsWith("    → start the mail server"), result.out());
    }

    @Test
    void plainTextOnTheImapsPortIsATlsFailureWithItsRemedy() throws Exception {
        try (FakeImapServer fake = FakeImapServer.plain()) {
            String closed = String.valueOf(closedPort());
            Result result = doctor("", List.of("127.0.0.1", "--imaps-port", String.valueOf(fake.port()),
                    "--imap-port", closed, "--submissions-port", closed, "--submission-port", closed));

            assertEquals(1, result.status(), result.out());
            assertTrue(result.has("✓ port " + fake.port() + ": "), result.out());
            int line = result.lines().indexOf("✗ TLS on " + fake.port() + ": port " + fake.port()
                    + " does not speak TLS (it answered in clear text)");
            assertTrue(line >= 0, result.out());
            assertTrue(result.lines().get(line + 1).contains("use STARTTLS on 143/587 or check the server's TLS settings"),
                    result.out());
        }
    }

    @Test
    void anExpiredCertificateFails() throws Exception {
        Instant now = Instant.now();
        try (FakeImapServer fake = FakeImapServer.tls("localhost", now.minus(Duration.ofDays(400)),
                now.minus(Duration.ofDays(3)))) {
            Result result = doctor("", fakeOnImaps(fake, "localhost"));

            assertEquals(1, result.status(), result.out());
            int line = indexOfPrefix(result.lines(), "✗ certificate expiry: expired on ");
            assertTrue(line >= 0, result.out());
            assertTrue(result.lines().get(line).endsWith("(3 days ago)"), result.out());
            assertTrue(result.lines().get(line + 1).startsWith("    → renew the certificate"), result.out());
            assertTrue(result.has("✓ certificate host name: localhost is one of localhost"), result.out());
            assertTrue(result.has("✓ IMAP on " + fake.port() + ": greeting OK"), result.out());
        }
    }

    @Test
    void aCertificateForAnotherNameFails() throws Exception {
        Instant now = Instant.now();
        try (FakeImapServer fake = FakeImapServer.tls("other.example", now.minus(Duration.ofDays(1)),
                now.plus(Duration.ofDays(90)))) {
            Result result = doctor("", fakeOnImaps(fake, "localhost"));

            assertEquals(1, result.status(), result.out());
            int line = result.lines().indexOf("✗ certificate host name: the certificate is for other.example, "
                    + "not for localhost");
            assertTrue(line >= 0, result.out());
            assertTrue(result.lines().get(line + 1).contains("get a certificate that includes localhost"),
                    result.out());
            assertTrue(result.has("✓ certificate expiry: valid until"), result.out());
        }
    }

    @Test
    void jsonHasOneObjectPerCheckMatchingTheText() throws Exception {
        Instant now = Instant.now();
        try (FakeImapServer fake = FakeImapServer.tls("other.example", now.minus(Duration.ofDays(1)),
                now.plus(Duration.ofDays(10)))) {
            List<String> args = fakeOnImaps(fake, "localhost");
            Result text = doctor("", args);
            Result json = doctor("", with(args, "--json"));

            assertEquals(1, json.status());
            List<?> checks = assertInstanceOf(List.class, Json.parse(json.out()));
            List<String> textChecks = text.lines().stream()
                    .filter(line -> line.startsWith("✓ ") || line.startsWith("✗ ") || line.startsWith("! "))
                    .toList();
            assertEquals(textChecks.size(), checks.size(), json.out());
            for (int i = 0; i < checks.size(); i++) {
                Map<?, ?> check = assertInstanceOf(Map.class, checks.get(i));
                assertEquals(List.of("check", "ok", "warning", "detail", "remedy"), List.copyOf(check.keySet()));
                String symbol = Boolean.TRUE.equals(check.get("ok"))
                        ? (Boolean.TRUE.equals(check.get("warning")) ? "! " : "✓ ") : "✗ ";
                assertEquals(textChecks.get(i), symbol + check.get("check") + ": " + check.get("detail"));
                if (!symbol.equals("✓ ")) {
                    assertNotNull(check.get("remedy"), check.toString());
                }
            }
            Map<?, ?> name = checks.stream().map(Map.class::cast)
                    .filter(check -> check.get("check").equals("certificate host name")).findFirst().orElseThrow();
            assertEquals(Boolean.FALSE, name.get("ok"));
            Map<?, ?> expiry = checks.stream().map(Map.class::cast)
                    .filter(check -> check.get("check").equals("certificate expiry")).findFirst().orElseThrow();
            assertEquals(Boolean.TRUE, expiry.get("warning"), "10 days left is a warning");
        }
    }

    @Test
    void aBadTargetIsAOneLineError() {
        Result result = doctor("", List.of("not an address@"));

        assertEquals(1, result.status());
        assertTrue(result.err().startsWith("tegami: "), result.err());
    }

    private static List<String> fakeOnImaps(FakeImapServer fake, String host) throws IOException {
        String closed = String.valueOf(closedPort());
        return List.of(host, "--imaps-port", String.valueOf(fake.port()), "--imap-port", closed,
                "--submissions-port", closed, "--submission-port", closed);
    }

    private static int indexOfPrefix(List<String> lines, String prefix) {
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).startsWith(prefix)) {
                return i;
            }
        }
        return -1;
    }
}
