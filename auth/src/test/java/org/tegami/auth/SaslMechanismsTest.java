package org.tegami.auth;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.tegami.store.MailStore;
import org.tegami.store.sqlite.SqliteMailStore;

/** PLAIN and LOGIN against a real account directory (SQLite in a temporary directory). */
class SaslMechanismsTest {

    private Path dir;
    private MailStore store;
    private PasswordLogin authenticator;
    private static final SaslContext TLS =
            new SaslContext("imap", true, ChannelBindings.NONE, InetAddress.getLoopbackAddress());

    @BeforeEach
    void open() throws Exception {
        dir = Files.createTempDirectory("tegami-auth-test");
        store = SqliteMailStore.open(dir);
        PasswordHasher hasher = new PasswordHasher(new PasswordHasher.Cost(64, 1, 1), new SecureRandom());
        store.accounts().createAccount("carol@example.org", hasher.hash("s3cret pass"), List.of());
        LoginThrottle throttle = new LoginThrottle(LoginThrottle.Settings.DEFAULTS, Clock.systemUTC());
        authenticator = new PasswordLogin(new PasswordAuthenticator(
                new CredentialChecker(store.accounts(), store.appPasswords(), hasher, 2, Clock.systemUTC()), throttle));
    }

    @AfterEach
    void close() {
        store.close();
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void plainWithAndWithoutInitialResponse() {
        SaslMechanism plain = new PlainMechanism(authenticator);
        assertInstanceOf(SaslStep.Success.class, plain.start(TLS).evaluate(bytes("\0carol@example.org\0s3cret pass")));
        // The user name is case-insensitive; the authorization identity may name the same account.
        assertInstanceOf(SaslStep.Success.class,
                plain.start(TLS).evaluate(bytes("Carol@Example.org\0CAROL@example.org\0s3cret pass")));
        SaslExchange exchange = plain.start(TLS);
        SaslStep first = exchange.evaluate(null);
        assertArrayEquals(new byte[0], assertInstanceOf(SaslStep.Challenge.class, first).data());
        assertInstanceOf(SaslStep.Success.class, exchange.evaluate(bytes("\0carol@example.org\0s3cret pass")));
    }

    @Test
    void plainRefusesWrongPasswordsUnknownUsersProxyingAndMalformedMessages() {
        SaslMechanism plain = new PlainMechanism(authenticator);
        assertInstanceOf(SaslStep.Failure.class, plain.start(TLS).evaluate(bytes("\0carol@example.org\0wrong")));
        assertInstanceOf(SaslStep.Failure.class, plain.start(TLS).evaluate(bytes("\0nobody@example.org\0s3cret pass")));
        assertInstanceOf(SaslStep.Failure.class,
                plain.start(TLS).evaluate(bytes("admin@example.org\0carol@example.org\0s3cret pass")));
        assertInstanceOf(SaslStep.Malformed.class, plain.start(TLS).evaluate(bytes("carol@example.org s3cret pass")));
        assertInstanceOf(SaslStep.Malformed.class, plain.start(TLS).evaluate(bytes("\0a\0b\0c")));
    }

    @Test
    void loginAsksForUserNameThenPassword() {
        SaslExchange exchange = new LoginMechanism(authenticator).start(TLS);
        assertEquals("Username:", new String(((SaslStep.Challenge) exchange.evaluate(null)).data(),
                StandardCharsets.US_ASCII));
        assertEquals("Password:", new String(((SaslStep.Challenge) exchange.evaluate(bytes("carol@example.org")))
                .data(), StandardCharsets.US_ASCII));
        assertInstanceOf(SaslStep.Success.class, exchange.evaluate(bytes("s3cret pass")));

        SaslExchange wrong = new LoginMechanism(authenticator).start(TLS);
        wrong.evaluate(bytes("carol@example.org"));
        assertInstanceOf(SaslStep.Failure.class, wrong.evaluate(bytes("nope")));
    }
}
