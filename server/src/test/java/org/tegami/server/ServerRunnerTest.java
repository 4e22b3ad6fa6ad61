package org.tegami.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.handler.ssl.SslProvider;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tegami.auth.LoginThrottle;
import org.tegami.store.Account;
import org.tegami.store.MailStore;
import org.tegami.store.sqlite.SqliteMailStore;

class ServerRunnerTest {

    @TempDir
    Path dataDir;

    private final StringWriter output = new StringWriter();

    /** Both listeners on ephemeral loopback ports, so tests never collide with each other or a real server. */
    private TegamiConfig config(int imapsPort, int imapPort) {
        return TestConfigs.loopback(dataDir,
                new TegamiConfig.Listener(OptionalInt.of(imapsPort), Optional.empty(), true),
                new TegamiConfig.Listener(OptionalInt.of(imapPort), Optional.empty(), true),
                TestConfigs.smtp(TegamiConfig.Outbound.DEFAULT));
    }

    private RunningServer start(TegamiConfig config) {
        return new ServerRunner(config, "mail.test", SqliteMailStore::open, new TlsContextFactory(SslProvider.JDK),
                new PrintWriter(output, true)).start();
    }

    private List<String> linesStartingWith(String prefix) {
        return output.toString().lines().filter(line -> line.startsWith(prefix)).toList();
    }

    @Test
    void firstStartCreatesThePostmasterAndPrintsWhereItListens() throws Exception {
        InetSocketAddress submissions;
        InetSocketAddress submission;
        try (RunningServer server = start(config(0, 0))) {
            InetSocketAddress imaps = server.imapsAddress().orElseThrow();
            InetSocketAddress imap = server.imapAddress().orElseThrow();
            ListeningAddresses addresses = server.addresses();
            submissions = addresses.submissions().orElseThrow();
            submission = addresses.submission().orElseThrow();
            assertEquals(List.of("SMTP submission (SSL/TLS) listening on 127.0.0.1:" + submissions.getPort()),
                    linesStartingWith("SMTP submission (SSL/TLS) "));
            assertEquals(List.of("SMTP submission (STARTTLS) listening on 127.0.0.1:" + submission.getPort()),
                    linesStartingWith("SMTP submission (STARTTLS) "));
            assertEquals(List.of("SMTP (MX) listening on 127.0.0.1:" + addresses.smtp().orElseThrow().getPort()),
                    linesStartingWith("SMTP (MX) "));
            assertEquals(List.of("LMTP listening on 127.0.0.1:" + addresses.lmtp().orElseThrow().getPort()),
                    linesStartingWith("LMTP "));
            assertEquals(List.of("IMAPS listening on 127.0.0.1:" + imaps.getPort()), linesStartingWith("IMAPS "));
            assertEquals(List.of("IMAP (STARTTLS) listening on 127.0.0.1:" + imap.getPort()),
                    linesStartingWith("IMAP (STARTTLS) "));
            List<String> fingerprint = linesStartingWith("Certificate SHA-256 fingerprint: ");
            assertEquals(List.of("Certificate SHA-256 fingerprint: " + server.certificate().sha256Fingerprint()),
                    fingerprint);
            try (ServerSocket probe = new ServerSocket()) {
                // The port is really taken by the server.
                assertThrows(java.net.BindException.class, () -> probe.bind(imaps));
            }
        }
        String text = output.toString();
        Matcher password = Pattern.compile("Password for postmaster@mail\\.test: (\\S+)").matcher(text);
        assertTrue(password.find(), text);
        assertTrue(text.contains("Incoming mail (IMAP):  server mail.test, port "), text);
        assertTrue(text.contains("Outgoing mail (SMTP):  server mail.test, port " + submissions.getPort()
                + " SSL/TLS or " + submission.getPort() + " STARTTLS"), text);
        assertFalse(text.contains("not served"), text);
        assertTrue(Files.exists(dataDir.resolve("tls/self-signed.crt")));

        try (MailStore store = SqliteMailStore.open(dataDir)) {
            Account postmaster = store.accounts().findAccount("postmaster@mail.test").orElseThrow();
            assertTrue(new org.tegami.auth.PasswordHasher().verify(password.group(1), postmaster.passwordHash()));
            assertEquals(List.of("mail.test"), store.accounts().listDomains());
            assertEquals(6, store.mailboxes().listMailboxes(postmaster.id()).size());
        }
    }

    @Test
    void theConfiguredDefaultQuotaIsStoredAtStartForEveryAccountWithoutItsOwn() {
        TegamiConfig c = config(0, 0);
        StorageConfig s = c.storage();
        org.tegami.store.Quota quota = new org.tegami.store.Quota(10L << 30, 5000);
        TegamiConfig withQuota = new TegamiConfig(c.hostname(), c.dataDir(), c.bind(), c.portOffset(), c.imaps(),
                c.imap(), c.tls(), c.limits(), c.throttle(), c.blocking(), c.maxAppPasswords(), c.smtp(), c.web(),
                c.oauthIssuers(), c.proxyProtocol(), c.acme(), new StorageConfig(s.backend(), s.postgres(), s.blobs(),
                        s.blobDirectory(), s.s3(), s.orphanGrace(), s.orphanSweepInterval(), quota));
        try (RunningServer server = start(withQuota)) {
            assertTrue(server.imapsAddress().isPresent());
        }
        try (MailStore store = SqliteMailStore.open(dataDir)) {
            Account postmaster = store.accounts().findAccount("postmaster@mail.test").orElseThrow();
            assertEquals(quota, store.accounts().defaultQuota());
            assertEquals(quota, store.accounts().quota(postmaster.id()));
        }
        // A later start without [quota] puts the default back to no limit.
        try (RunningServer server = start(config(0, 0))) {
            assertTrue(server.imapsAddress().isPresent());
        }
        try (MailStore store = SqliteMailStore.open(dataDir)) {
            assertEquals(org.tegami.store.Quota.UNLIMITED, store.accounts().defaultQuota());
        }
    }

    @Test
    void theConfiguredMetadataReachesImap() throws Exception {
        TegamiConfig c = config(0, 0);
        TegamiConfig.Limits l = c.limits();
        // Settings as [metadata] gives them: a 1024-octet value limit and the server's /shared/admin.
        TegamiConfig.Limits limits = new TegamiConfig.Limits(l.imap(), l.preAuthTimeout(), l.idleTimeout(),
                l.maxConnectionsPerAddress(), l.maxOutputBufferBytes(), l.maxFailedLoginsPerConnection(),
                l.maxRememberedExpunges(), l.progressInterval(), l.maxUpdateContexts(), l.maxWatchedMailboxes(),
                l.maxPendingNotifications(), new org.tegami.imap.server.MetadataSettings(1024, 10, 64, Optional.empty(),
                        Optional.of("mailto:postmaster@mail.test")));
        TegamiConfig withMetadata = new TegamiConfig(c.hostname(), c.dataDir(), c.bind(), c.portOffset(), c.imaps(),
                c.imap(), c.tls(), limits, c.throttle(), c.blocking(), c.maxAppPasswords(), c.smtp(), c.web(),
                c.oauthIssuers(), c.proxyProtocol(), c.acme(), c.storage());
        try (RunningServer server = start(withMetadata)) {
            Matcher password = Pattern.compile("Password for postmaster@mail\\.test: (\\S+)").matcher(output.toString());
            assertTrue(password.find(), output::toString);
            try (RawImapClient imap = RawImapClient.connect(server.imapsAddress().orElseThrow().getPort(),
                    server.certificate().sha256Fingerprint(), java.time.Duration.ofSeconds(20))) {
                assertTrue(imap.login("postmaster@mail.test", password.group(1)).ok());
                RawImapClient.Completion admin = imap.command("GETMETADATA \"\" /shared/admin");
                assertTrue(admin.ok(), admin::toString);
                assertEquals("* METADATA \"\" (/shared/admin \"mailto:postmaster@mail.test\")",
                        admin.untagged().getFirst().text());
                RawImapClient.Completion big = imap.command("SETMETADATA INBOX (/private/comment \""
                        + "x".repeat(1025) + "\")");
                assertEquals("NO", big.status(), big::toString);
                assertTrue(big.text().contains(" NO [METADATA MAXSIZE 1024] "), big::toString);
            }
        }
    }

    @Test
    void laterStartsKeepTheAccountsAndTheCertificate() {
        String firstFingerprint;
        try (RunningServer first = start(config(0, 0))) {
            firstFingerprint = first.certificate().sha256Fingerprint();
        }
        output.getBuffer().setLength(0);
        try (RunningServer second = start(config(0, 0))) {
            assertEquals(firstFingerprint, second.certificate().sha256Fingerprint());
        }
        assertFalse(output.toString().contains("Password for"), output.toString());
        assertTrue(output.toString().contains("Using the self-signed certificate"), output.toString());
    }

    @Test
    void aTakenPortIsOneLineNamingThePortAndTheFlagThatMovesIt() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            int port = taken.getLocalPort();
            CommandFailure failure = assertThrows(CommandFailure.class, () -> start(config(0, port)));
            String message = failure.getMessage();
            assertTrue(message.startsWith("cannot listen on 127.0.0.1:" + port + " for imap: "), message);
            assertTrue(message.contains("address already in use"), message);
            assertTrue(message.endsWith("use --port-offset 10000 or set [imap] port in the config file"), message);
            assertEquals(1, message.lines().count());
        }
        // Everything started before the failure was closed again: the store opens, the IMAPS port is free.
        try (RunningServer again = start(config(0, 0))) {
            assertTrue(again.imapsAddress().isPresent());
        }
    }

    @Test
    void aTakenPortThroughTheCommandLineExitsOneWithoutAStackTrace() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            int offset = taken.getLocalPort() - TegamiConfig.IMAPS_DEFAULT_PORT;
            StringWriter out = new StringWriter();
            StringWriter err = new StringWriter();
            Terminal terminal = new Terminal(new PrintWriter(out), new PrintWriter(err),
                    new java.io.BufferedReader(new java.io.StringReader("")), Optional.empty());
            int status = Main.run(new String[] {"serve", "--data", dataDir.toString(), "--hostname", "mail.test",
                    "--bind", "127.0.0.1", "--port-offset", Integer.toString(offset)}, terminal, SqliteMailStore::open);
            assertEquals(1, status);
            assertEquals("tegami: cannot listen on 127.0.0.1:" + taken.getLocalPort() + " for imaps: address already"
                    + " in use (another server is listening there); use --port-offset " + (offset + 10000)
                    + " or set [imaps] port in the config file\n", err.toString());
        }
    }

    @Test
    void aTakenSmtpPortNamesItsOwnTable() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            int port = taken.getLocalPort();
            TegamiConfig.Smtp smtp = TestConfigs.smtp(TegamiConfig.Outbound.DEFAULT);
            TegamiConfig config = TestConfigs.loopback(dataDir, TestConfigs.EPHEMERAL, TestConfigs.EPHEMERAL,
                    new TegamiConfig.Smtp(smtp.submissions(), new TegamiConfig.Listener(OptionalInt.of(port),
                            Optional.empty(), true), smtp.mx(), smtp.lmtp(), smtp.input(), smtp.commandTimeout(),
                            smtp.maxConnectionsPerAddress(), smtp.maxMessagesPerHour(), smtp.maxErrorsPerConnection(),
                            smtp.outbound()));
            CommandFailure failure = assertThrows(CommandFailure.class, () -> start(config));
            assertEquals("cannot listen on 127.0.0.1:" + port + " for submission: address already in use (another "
                    + "server is listening there); use --port-offset 10000 or set [submission] port in the config file",
                    failure.getMessage());
        }
        // The IMAP listeners and the SMTP listeners bound before the failure were closed again.
        try (RunningServer again = start(config(0, 0))) {
            assertTrue(again.addresses().submissions().isPresent());
        }
    }

    @Test
    void withoutSubmissionListenersTheClientSettingsLeaveOutgoingMailOut() {
        TegamiConfig.Listener off = new TegamiConfig.Listener(OptionalInt.empty(), Optional.empty(), false);
        TegamiConfig.Smtp smtp = TestConfigs.smtp(TegamiConfig.Outbound.DEFAULT);
        TegamiConfig config = TestConfigs.loopback(dataDir, TestConfigs.EPHEMERAL, off, new TegamiConfig.Smtp(off,
                off, smtp.mx(), off, smtp.input(), smtp.commandTimeout(), smtp.maxConnectionsPerAddress(),
                smtp.maxMessagesPerHour(), smtp.maxErrorsPerConnection(), smtp.outbound()));
        try (RunningServer server = start(config)) {
            assertEquals(Optional.empty(), server.addresses().submissions());
            assertEquals(1, linesStartingWith("SMTP (MX) listening on 127.0.0.1:").size());
        }
        assertEquals(List.of(), linesStartingWith("SMTP submission"));
        assertFalse(output.toString().contains("Outgoing mail"), output.toString());
        assertEquals(List.of(), linesStartingWith("LMTP"));
    }

    @Test
    void disablingEveryListenerIsAnError() {
        TegamiConfig config = config(0, 0);
        TegamiConfig.Listener off = new TegamiConfig.Listener(OptionalInt.empty(), Optional.empty(), false);
        TegamiConfig.Smtp smtp = config.smtp();
        TegamiConfig none = TestConfigs.loopback(dataDir, off, off, new TegamiConfig.Smtp(off, off, off, off,
                smtp.input(), smtp.commandTimeout(), smtp.maxConnectionsPerAddress(), smtp.maxMessagesPerHour(),
                smtp.maxErrorsPerConnection(), smtp.outbound()), new TegamiConfig.Web(off, off,
                org.tegami.http.MtaStsMode.TESTING));
        assertThrows(CommandFailure.class, () -> start(none));
    }

    @Test
    void ipv6AddressesArePrintedInBrackets() {
        assertEquals("[::]:993", StartupSummary.hostAndPort(new InetSocketAddress(InetAddress.ofLiteral("::"), 993)));
        assertEquals("0.0.0.0:993", StartupSummary.hostAndPort(new InetSocketAddress(InetAddress.ofLiteral("0.0.0.0"), 993)));
    }
}
