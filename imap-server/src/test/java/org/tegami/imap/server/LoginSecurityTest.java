package org.tegami.imap.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.tegami.auth.AppPasswordIssuer;
import org.tegami.auth.LoginThrottle;
import org.tegami.auth.Network;
import org.tegami.auth.PasswordGenerator;
import org.tegami.imap.protocol.ImapLimits;
import org.tegami.store.AccountId;
import org.tegami.store.LoginProtocol;

/** App passwords, address blocking and how SCRAM fits with them, over real IMAP connections. */
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
    private TestImapServer server;
    private AccountId alice;
    private AppPasswordIssuer issuer;

    @BeforeEach
    void start() {
        // The allow-list leaves loopback out, so a loopback address can be blocked here.
        server = new TestImapServer(ImapSettings.defaults("localhost"), TestImapServer.TINY_THROTTLE,
                new LoginThrottle.Blocking(BLOCK_AFTER, BLOCK_FOR, List.of(Network.parse("10.0.0.0/8"))), clock);
        alice = server.store().accounts().findAccount(TestImapServer.USER).orElseThrow().id();
        issuer = new AppPasswordIssuer(server.store().appPasswords(), new PasswordGenerator(new SecureRandom()),
                TestImapServer.HASHER, TestImapServer.MAX_APP_PASSWORDS);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private ImapTestClient connect(String from) throws IOException {
        return ImapTestClient.tlsFrom(server.implicitTlsAddress(), InetAddress.getByName(from));
    }

    private static String login(ImapTestClient client, String tag, String user, String password) throws IOException {
        List<String> lines = client.command(tag, "LOGIN " + user + " \"" + password + "\"");
        return lines.getLast();
    }

    private static String authenticatePlain(ImapTestClient client, String tag, String user, String password)
            throws IOException {
        String response = Base64.getEncoder().encodeToString(("\0" + user + "\0" + password)
                .getBytes(StandardCharsets.UTF_8));
        return client.command(tag, "AUTHENTICATE PLAIN " + response).getLast();
    }

    @Test
    void anAppPasswordLogsInWithLoginAndPlainAndItsUseIsRecorded() throws IOException {
        String secret = issuer.issue(alice, "phone", Optional.empty()).secret();
        try (ImapTestClient client = connect("127.0.0.1")) {
            assertTrue(client.readLine().startsWith("* OK"));
            assertTrue(login(client, "a1", TestImapServer.USER, secret).startsWith("a1 OK"));
        }
        try (ImapTestClient client = connect("127.0.0.1")) {
            client.readLine();
            assertTrue(authenticatePlain(client, "a1", TestImapServer.USER, secret.replace("-", ""))
                    .startsWith("a1 OK"));
        }
        assertTrue(server.store().appPasswords().list(alice).getFirst().lastUsedAt().isPresent());
    }

    @Test
    void anSmtpOnlyAppPasswordIsRefusedOnImap() throws IOException {
        String secret = issuer.issue(alice, "printer", Optional.of(LoginProtocol.SMTP)).secret();
        try (ImapTestClient client = connect("127.0.0.1")) {
            client.readLine();
            assertTrue(login(client, "a1", TestImapServer.USER, secret).startsWith("a1 NO [AUTHENTICATIONFAILED]"));
            assertTrue(authenticatePlain(client, "a2", TestImapServer.USER, secret)
                    .startsWith("a2 NO [AUTHENTICATIONFAILED]"));
        }
    }

    @Test
    void theMainPasswordIsRefusedWhenTheAccountSaysSoButAppPasswordsWork() throws IOException {
        String secret = issuer.issue(alice, "laptop", Optional.of(LoginProtocol.IMAP)).secret();
        server.store().appPasswords().setMainPasswordRefused(alice, true);
        try (ImapTestClient client = connect("127.0.0.1")) {
            client.readLine();
            assertTrue(login(client, "a1", TestImapServer.USER, TestImapServer.PASSWORD)
                    .startsWith("a1 NO [AUTHENTICATIONFAILED]"));
            assertTrue(login(client, "a2", TestImapServer.USER, secret).startsWith("a2 OK"));
        }
        // Another account is not affected by alice's setting.
        try (ImapTestClient client = connect("127.0.0.1")) {
            client.readLine();
            assertTrue(login(client, "a1", TestImapServer.OTHER_USER, TestImapServer.PASSWORD).startsWith("a1 OK"));
        }
    }

    @Test
    void manyFailuresBlockTheAddressWhileAnotherLogsInAndTheBlockExpires() throws IOException {
        try (ImapTestClient attacker = connect("127.0.0.1")) {
            attacker.readLine();
            for (int i = 1; i <= BLOCK_AFTER; i++) {
                assertTrue(login(attacker, "g" + i, TestImapServer.USER, "guess " + i).contains("NO"));
            }
        }
        assertEquals(1, server.store().blocklist().list(clock.instant()).size());

        // The blocked address is refused before the greeting; the connection is closed.
        try (ImapTestClient refused = connect("127.0.0.1")) {
            assertEquals("* BYE [UNAVAILABLE] Too many failed logins from your address; try again later",
                    refused.readLine());
            assertNull(refused.readLine());
        }

        // The owner, from another address, is unaffected (the per-account delay applies to failures only).
        try (ImapTestClient owner = connect("127.0.0.2")) {
            assertTrue(owner.readLine().startsWith("* OK"));
            assertTrue(login(owner, "a1", TestImapServer.USER, TestImapServer.PASSWORD).startsWith("a1 OK"));
        }

        clock.advance(BLOCK_FOR);
        try (ImapTestClient again = connect("127.0.0.1")) {
            assertTrue(again.readLine().startsWith("* OK"), "the block has expired");
            assertTrue(login(again, "a1", TestImapServer.USER, TestImapServer.PASSWORD).startsWith("a1 OK"));
        }
    }

    private static String scram(ImapTestClient client, String tag, String user, String password) throws Exception {
        return ScramAuthenticateTest.authenticate(client, tag, "SCRAM-SHA-256",
                ScramAuthenticateTest.client("SCRAM-SHA-256", user, password).build(), true);
    }

    @Test
    void scramTakesOnlyTheMainPasswordAndNotWhenItIsRefused() throws Exception {
        String secret = issuer.issue(alice, "phone", Optional.empty()).secret();
        try (ImapTestClient client = connect("127.0.0.1")) {
            client.readLine();
            assertTrue(scram(client, "a1", TestImapServer.USER, secret).startsWith("a1 NO [AUTHENTICATIONFAILED]"));
            assertTrue(scram(client, "a2", TestImapServer.USER, TestImapServer.PASSWORD).startsWith("a2 OK"));
        }
        server.store().appPasswords().setMainPasswordRefused(alice, true);
        try (ImapTestClient client = connect("127.0.0.1")) {
            client.readLine();
            assertTrue(scram(client, "a1", TestImapServer.USER, TestImapServer.PASSWORD)
                    .startsWith("a1 NO [AUTHENTICATIONFAILED]"));
            // The app password still works where passwords are sent.
            assertTrue(authenticatePlain(client, "a2", TestImapServer.USER, secret).startsWith("a2 OK"));
        }
    }

    @Test
    void failedScramExchangesBlockTheAddressLikeWrongPasswords() throws Exception {
        try (ImapTestClient attacker = connect("127.0.0.1")) {
            attacker.readLine();
            for (int i = 1; i <= BLOCK_AFTER; i++) {
                assertTrue(scram(attacker, "g" + i, TestImapServer.USER, "guess " + i).contains("NO"));
            }
        }
        assertEquals(1, server.store().blocklist().list(clock.instant()).size());
        try (ImapTestClient refused = connect("127.0.0.1")) {
            assertTrue(refused.readLine().startsWith("* BYE [UNAVAILABLE]"));
        }
    }

    @Test
    void aBlockedAddressThatNeverFinishesTheTlsHandshakeIsDroppedAtThePreAuthTimeout() throws Exception {
        server.close();
        server = new TestImapServer(new ImapSettings("localhost", ImapLimits.DEFAULTS, Duration.ofMillis(500),
                Duration.ofMinutes(30), 20, 1024 * 1024, 5), TestImapServer.TINY_THROTTLE,
                new LoginThrottle.Blocking(BLOCK_AFTER, BLOCK_FOR, List.of()), clock);
        server.store().blocklist().block(InetAddress.getByName("127.0.0.1"), clock.instant().plus(BLOCK_FOR), "test");
        try (Socket socket = new Socket()) {
            socket.connect(server.implicitTlsAddress());
            socket.setSoTimeout(5_000);
            long started = System.nanoTime();
            // No ClientHello: the server must not wait for one longer than the pre-auth timeout.
            assertEquals(-1, socket.getInputStream().read());
            assertTrue(Duration.ofNanos(System.nanoTime() - started).compareTo(Duration.ofSeconds(4)) < 0);
        }
    }

    @Test
    void anUnblockTakesEffectAtTheNextConnection() throws IOException {
        server.store().blocklist().block(InetAddress.getByName("127.0.0.1"), clock.instant().plus(BLOCK_FOR), "test");
        try (ImapTestClient refused = connect("127.0.0.1")) {
            assertTrue(refused.readLine().startsWith("* BYE [UNAVAILABLE]"));
        }
        server.store().blocklist().unblock(InetAddress.getByName("127.0.0.1"));
        try (ImapTestClient client = connect("127.0.0.1")) {
            assertTrue(client.readLine().startsWith("* OK"));
        }
    }
}
