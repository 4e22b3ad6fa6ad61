package org.tegami.smtp.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.tegami.auth.AppPasswordIssuer;
import org.tegami.auth.LoginThrottle;
import org.tegami.auth.PasswordGenerator;
import org.tegami.smtp.protocol.SmtpLimits;
import org.tegami.store.AccountId;
import org.tegami.store.LoginProtocol;

/** App passwords, address blocking and how SCRAM fits with them, over real SMTP submission connections. */
class LoginSecurityTest {

    private static final int BLOCK_AFTER = 3;
    private static final Duration BLOCK_FOR = Duration.ofMinutes(10);

    /** A clock the test moves, so a block expires without waiting. */
    private static final class MovableClock extends Clock {
        private final AtomicReference<Instant> now = new AtomicReference<>(Instant.now());

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now.get();
        }

        void advance(Duration d) {
            now.updateAndGet(t -> t.plus(d));
        }
    }

    private final MovableClock clock = new MovableClock();
    private TestSmtpServer server;
    private AccountId alice;
    private AppPasswordIssuer issuer;

    @BeforeEach
    void start() {
        // No allow-list, so a loopback address can be blocked here.
        server = new TestSmtpServer(SmtpSettings.defaults("mail.example.org"),
                new LoginThrottle.Blocking(BLOCK_AFTER, BLOCK_FOR, List.of()), clock);
        alice = server.store().accounts().findAccount(TestSmtpServer.USER).orElseThrow().id();
        issuer = new AppPasswordIssuer(server.store().appPasswords(), new PasswordGenerator(new SecureRandom()),
                TestSmtpServer.HASHER, TestSmtpServer.MAX_APP_PASSWORDS);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private SmtpTestClient greeted(String from) throws IOException {
        SmtpTestClient client = SmtpTestClient.tlsFrom(server.address(TestSmtpServer.Port.SUBMISSIONS),
                InetAddress.getByName(from));
        assertTrue(client.last().startsWith("220 "));
        client.ehlo("client.example.net");
        return client;
    }

    private String auth(SmtpTestClient client, String user, String password) throws IOException {
        return client.command("AUTH PLAIN " + SmtpTestClient.plain(user, password));
    }

    @Test
    void anSmtpAppPasswordSubmitsAndAnImapOnlyOneIsRefused() throws IOException {
        String smtp = issuer.issue(alice, "printer", Optional.of(LoginProtocol.SMTP)).secret();
        String imap = issuer.issue(alice, "reader", Optional.of(LoginProtocol.IMAP)).secret();
        try (SmtpTestClient client = greeted("127.0.0.1")) {
            assertTrue(auth(client, TestSmtpServer.USER, imap).startsWith("535 5.7.8"));
            assertTrue(auth(client, TestSmtpServer.USER, smtp).startsWith("235 "));
        }
        assertTrue(server.store().appPasswords().list(alice).getFirst().lastUsedAt().isPresent());
    }

    @Test
    void theMainPasswordIsRefusedWhenTheAccountSaysSo() throws IOException {
        String secret = issuer.issue(alice, "phone", Optional.empty()).secret();
        server.store().appPasswords().setMainPasswordRefused(alice, true);
        try (SmtpTestClient client = greeted("127.0.0.1")) {
            assertTrue(auth(client, TestSmtpServer.USER, TestSmtpServer.PASSWORD).startsWith("535 5.7.8"));
            assertTrue(auth(client, TestSmtpServer.USER, secret).startsWith("235 "));
        }
    }

    @Test
    void manyFailuresBlockTheAddressWhileAnotherLogsInAndTheBlockExpires() throws IOException {
        try (SmtpTestClient attacker = greeted("127.0.0.1")) {
            for (int i = 1; i <= BLOCK_AFTER; i++) {
                assertTrue(auth(attacker, TestSmtpServer.USER, "guess " + i).startsWith("535 "));
            }
        }
        try (SmtpTestClient refused = SmtpTestClient.tlsFrom(server.address(TestSmtpServer.Port.SUBMISSIONS),
                InetAddress.getByName("127.0.0.1"))) {
            assertEquals("421 4.7.0 Too many failed logins from your address; try again later", refused.last());
            assertTrue(refused.closedByServer());
        }
        try (SmtpTestClient owner = greeted("127.0.0.2")) {
            assertTrue(auth(owner, TestSmtpServer.USER, TestSmtpServer.PASSWORD).startsWith("235 "));
        }
        clock.advance(BLOCK_FOR);
        try (SmtpTestClient again = greeted("127.0.0.1")) {
            assertTrue(auth(again, TestSmtpServer.USER, TestSmtpServer.PASSWORD).startsWith("235 "));
        }
    }

    private static String scram(SmtpTestClient client, String user, String password) throws Exception {
        return ScramAuthTest.auth(client, "SCRAM-SHA-256", ScramAuthTest.client("SCRAM-SHA-256", user, password).build(),
                true);
    }

    @Test
    void scramTakesOnlyTheMainPasswordAndNotWhenItIsRefused() throws Exception {
        String secret = issuer.issue(alice, "phone", Optional.empty()).secret();
        try (SmtpTestClient client = greeted("127.0.0.1")) {
            assertTrue(scram(client, TestSmtpServer.USER, secret).startsWith("535 5.7.8"));
            assertTrue(scram(client, TestSmtpServer.USER, TestSmtpServer.PASSWORD).startsWith("235 "));
        }
        server.store().appPasswords().setMainPasswordRefused(alice, true);
        try (SmtpTestClient client = greeted("127.0.0.1")) {
            assertTrue(scram(client, TestSmtpServer.USER, TestSmtpServer.PASSWORD).startsWith("535 5.7.8"));
            assertTrue(auth(client, TestSmtpServer.USER, secret).startsWith("235 "));
        }
    }

    @Test
    void failedScramExchangesBlockTheAddressLikeWrongPasswords() throws Exception {
        try (SmtpTestClient attacker = greeted("127.0.0.1")) {
            for (int i = 1; i <= BLOCK_AFTER; i++) {
                assertTrue(scram(attacker, TestSmtpServer.USER, "guess " + i).startsWith("535 "));
            }
        }
        try (SmtpTestClient refused = SmtpTestClient.tlsFrom(server.address(TestSmtpServer.Port.SUBMISSIONS),
                InetAddress.getByName("127.0.0.1"))) {
            assertTrue(refused.last().startsWith("421 4.7.0"));
        }
    }

    @Test
    void aBlockedAddressThatNeverFinishesTheTlsHandshakeIsDroppedAtTheCommandTimeout() throws Exception {
        server.close();
        server = new TestSmtpServer(new SmtpSettings("mail.example.org", SmtpLimits.DEFAULTS, Duration.ofMillis(500),
                20, 500, 20), new LoginThrottle.Blocking(BLOCK_AFTER, BLOCK_FOR, List.of()), clock);
        server.store().blocklist().block(InetAddress.getByName("127.0.0.1"), clock.instant().plus(BLOCK_FOR), "test");
        try (Socket socket = new Socket()) {
            socket.connect(server.address(TestSmtpServer.Port.SUBMISSIONS));
            socket.setSoTimeout(5_000);
            long started = System.nanoTime();
            // No ClientHello: the server must not wait for one longer than its timeout.
            assertEquals(-1, socket.getInputStream().read());
            assertTrue(Duration.ofNanos(System.nanoTime() - started).compareTo(Duration.ofSeconds(4)) < 0);
        }
    }
}
