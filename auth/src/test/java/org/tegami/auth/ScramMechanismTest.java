package org.tegami.auth;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.ongres.scram.client.ScramClient;
import com.ongres.scram.common.StringPreparation;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.tegami.store.Account;
import org.tegami.store.LoginProtocol;
import org.tegami.store.MailStore;
import org.tegami.store.ScramHash;
import org.tegami.store.ScramKeys;
import org.tegami.store.sqlite.SqliteMailStore;

/**
 * SCRAM against an independent client implementation (ongres scram-client), on a real account directory
 * (SQLite in a temporary directory).
 */
class ScramMechanismTest {

    private static final String USER = "carol@example.org";
    private static final String PASSWORD = "s3cret pass \u00e9";
    private static final byte[] END_POINT = bytes("server certificate hash, 32 byt");
    private static final byte[] EXPORTER = bytes("exported keying material, 32 by");
    private static final InetAddress CLIENT = InetAddress.getLoopbackAddress();
    private static final SaslContext NO_BINDING = new SaslContext("imap", true, ChannelBindings.NONE, CLIENT);
    private static final SaslContext BINDINGS =
            new SaslContext("imap", true, new ChannelBindings(END_POINT, EXPORTER), CLIENT);

    private Path dir;
    private MailStore store;
    private PasswordHasher hasher;
    private SaslMechanisms mechanisms;
    private LoginThrottle throttle;
    private Account carol;

    @BeforeEach
    void open() throws Exception {
        dir = Files.createTempDirectory("tegami-scram-test");
        store = SqliteMailStore.open(dir);
        hasher = new PasswordHasher(new PasswordHasher.Cost(64, 1, 1), new SecureRandom());
        carol = store.accounts().createAccount(USER, hasher.hash(PASSWORD), List.of());
        new ScramEnrollment(store.scram(), hasher, new SecureRandom()).passwordSet(carol.id(), PASSWORD);
        throttle = new LoginThrottle(LoginThrottle.Settings.DEFAULTS, Clock.systemUTC());
        mechanisms = SaslMechanisms.standard(store, new PasswordAuthenticator(
                new CredentialChecker(store.accounts(), store.appPasswords(), hasher, 2, Clock.systemUTC()), throttle),
                new SecureRandom());
    }

    @AfterEach
    void close() {
        store.close();
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static String text(SaslStep step) {
        return new String(assertInstanceOf(SaslStep.Challenge.class, step).data(), StandardCharsets.UTF_8);
    }

    private static ScramClient.FinalBuildStage client(String mechanism, String user, String password) {
        return ScramClient.builder().advertisedMechanisms(List.of(mechanism)).username(user)
                .password(password.toCharArray()).stringPreparation(StringPreparation.SASL_PREPARATION);
    }

    /** Runs a whole exchange; the client checks the server's signature. Returns the last step. */
    private SaslStep run(String mechanism, SaslContext context, ScramClient client, boolean initialResponse)
            throws Exception {
        SaslExchange exchange = mechanisms.find(mechanism, context).orElseThrow().start(context);
        if (!initialResponse) {
            assertArrayEquals(new byte[0], assertInstanceOf(SaslStep.Challenge.class, exchange.evaluate(null)).data());
        }
        SaslStep step = exchange.evaluate(bytes(client.clientFirstMessage().toString()));
        if (!(step instanceof SaslStep.Challenge first)) {
            return step;
        }
        client.serverFirstMessage(new String(first.data(), StandardCharsets.UTF_8));
        step = exchange.evaluate(bytes(client.clientFinalMessage().toString()));
        if (!(step instanceof SaslStep.Challenge last)) {
            return step;
        }
        client.serverFinalMessage(new String(last.data(), StandardCharsets.UTF_8));
        return exchange.evaluate(new byte[0]);
    }

    @ParameterizedTest
    @ValueSource(strings = {"SCRAM-SHA-256", "SCRAM-SHA-1"})
    void theRightPasswordAuthenticatesWithAndWithoutInitialResponse(String mechanism) throws Exception {
        SaslStep.Success success = assertInstanceOf(SaslStep.Success.class,
                run(mechanism, NO_BINDING, client(mechanism, USER, PASSWORD).build(), true));
        assertEquals(carol.id(), success.account().id());
        assertInstanceOf(SaslStep.Success.class,
                run(mechanism, NO_BINDING, client(mechanism, "Carol@Example.ORG", PASSWORD).build(), false));
    }

    @ParameterizedTest
    @ValueSource(strings = {"tls-server-end-point", "tls-exporter"})
    void plusAuthenticatesWithTheConnectionsBindingAndFailsWithAnother(String type) throws Exception {
        byte[] data = BINDINGS.channelBindings().data(type).orElseThrow();
        for (String mechanism : List.of("SCRAM-SHA-256-PLUS", "SCRAM-SHA-1-PLUS")) {
            assertInstanceOf(SaslStep.Success.class, run(mechanism, BINDINGS,
                    client(mechanism, USER, PASSWORD).channelBinding(type, data).build(), true), mechanism);
            byte[] wrong = data.clone();
            wrong[0] ^= 1;
            assertInstanceOf(SaslStep.Failure.class, run(mechanism, BINDINGS,
                    client(mechanism, USER, PASSWORD).channelBinding(type, wrong).build(), true), mechanism);
        }
    }

    @Test
    void plusRefusesABindingTypeTheConnectionLacksAndIsOfferedOnlyWithBindings() throws Exception {
        SaslContext endPointOnly = new SaslContext("smtp", true, new ChannelBindings(END_POINT, null), CLIENT);
        assertInstanceOf(SaslStep.Failure.class, run("SCRAM-SHA-256-PLUS", endPointOnly,
                client("SCRAM-SHA-256-PLUS", USER, PASSWORD).channelBinding("tls-exporter", EXPORTER).build(), true));
        assertEquals(List.of("SCRAM-SHA-256-PLUS", "SCRAM-SHA-256", "SCRAM-SHA-1-PLUS", "SCRAM-SHA-1", "PLAIN",
                "LOGIN"), mechanisms.offeredNames(BINDINGS));
        assertEquals(List.of("SCRAM-SHA-256", "SCRAM-SHA-1", "PLAIN", "LOGIN"), mechanisms.offeredNames(NO_BINDING));
        assertEquals(List.of(), mechanisms.offeredNames(SaslContext.cleartext("imap", CLIENT)));
        assertTrue(mechanisms.find("scram-sha-256", NO_BINDING).isPresent());
        assertTrue(mechanisms.find("SCRAM-SHA-256-PLUS", NO_BINDING).isEmpty());
        assertTrue(mechanisms.find("PLAIN", SaslContext.cleartext("smtp", CLIENT)).isEmpty());
    }

    @Test
    void aClientSayingYIsRefusedWhereTheServerOffersPlus() {
        // RFC 5802 §6: "y" means the client thinks the server cannot bind; here it can, so it is a downgrade.
        String clientFirst = "y,,n=" + USER + ",r=abcdefghijklmnop";
        assertInstanceOf(SaslStep.Failure.class,
                mechanisms.find("SCRAM-SHA-256", BINDINGS).orElseThrow().start(BINDINGS).evaluate(bytes(clientFirst)));
        assertInstanceOf(SaslStep.Challenge.class, mechanisms.find("SCRAM-SHA-256", NO_BINDING).orElseThrow()
                .start(NO_BINDING).evaluate(bytes(clientFirst)));
        // "p" belongs to -PLUS; "n" to the plain mechanism.
        assertInstanceOf(SaslStep.Failure.class, mechanisms.find("SCRAM-SHA-256", BINDINGS).orElseThrow()
                .start(BINDINGS).evaluate(bytes("p=tls-exporter,,n=" + USER + ",r=abcdefgh")));
        assertInstanceOf(SaslStep.Failure.class, mechanisms.find("SCRAM-SHA-256-PLUS", BINDINGS).orElseThrow()
                .start(BINDINGS).evaluate(bytes("n,,n=" + USER + ",r=abcdefgh")));
    }

    @Test
    void aWrongPasswordAndAnUnknownUserFailAlikeAfterAWholeExchange() throws Exception {
        SaslExchange wrong = mechanisms.find("SCRAM-SHA-256", NO_BINDING).orElseThrow().start(NO_BINDING);
        SaslExchange unknown = mechanisms.find("SCRAM-SHA-256", NO_BINDING).orElseThrow().start(NO_BINDING);
        String wrongFirst = text(wrong.evaluate(bytes("n,,n=" + USER + ",r=abc")));
        String unknownFirst = text(unknown.evaluate(bytes("n,,n=nobody@example.org,r=abc")));
        // The same shape: nonce, a 16-byte salt, the same iteration count.
        assertEquals(wrongFirst.replaceAll("r=[^,]*,s=[^,]*", ""), unknownFirst.replaceAll("r=[^,]*,s=[^,]*", ""));
        assertEquals(wrongFirst.length(), unknownFirst.length());

        assertInstanceOf(SaslStep.Failure.class,
                run("SCRAM-SHA-256", NO_BINDING, client("SCRAM-SHA-256", USER, "wrong").build(), true));
        assertInstanceOf(SaslStep.Failure.class, run("SCRAM-SHA-256", NO_BINDING,
                client("SCRAM-SHA-256", "nobody@example.org", PASSWORD).build(), true));
    }

    @Test
    void anUnknownUsersSaltIsStableButDiffersPerUserAndHash() {
        String a = salt("SCRAM-SHA-256", "nobody@example.org");
        assertEquals(a, salt("SCRAM-SHA-256", "nobody@example.org"));
        assertEquals(a, salt("SCRAM-SHA-256", "NoBody@example.org"));
        assertNotEquals(a, salt("SCRAM-SHA-256", "someone@example.org"));
        assertNotEquals(a, salt("SCRAM-SHA-1", "nobody@example.org"));
        assertEquals(salt("SCRAM-SHA-256", USER), salt("SCRAM-SHA-256", USER), "a real salt is stable too");
    }

    private String salt(String mechanism, String user) {
        String first = text(mechanisms.find(mechanism, NO_BINDING).orElseThrow().start(NO_BINDING)
                .evaluate(bytes("n,,n=" + user + ",r=abc")));
        return first.split(",")[1];
    }

    @Test
    void anAuthzidMustNameTheUserItself() throws Exception {
        assertInstanceOf(SaslStep.Success.class, run("SCRAM-SHA-256", NO_BINDING,
                client("SCRAM-SHA-256", USER, PASSWORD).authzid("CAROL@example.org").build(), true));
        assertInstanceOf(SaslStep.Failure.class, run("SCRAM-SHA-256", NO_BINDING,
                client("SCRAM-SHA-256", USER, PASSWORD).authzid("admin@example.org").build(), true));
    }

    @Test
    void malformedMessagesAreMalformed() {
        SaslMechanism scram = mechanisms.find("SCRAM-SHA-256", NO_BINDING).orElseThrow();
        assertInstanceOf(SaslStep.Malformed.class, scram.start(NO_BINDING).evaluate(bytes("n=" + USER + ",r=abc")));
        assertInstanceOf(SaslStep.Malformed.class, scram.start(NO_BINDING).evaluate(bytes("x,,n=" + USER + ",r=a")));
        assertInstanceOf(SaslStep.Malformed.class, scram.start(NO_BINDING).evaluate(bytes("n,,n=a=2Xb,r=abc")));
        SaslExchange exchange = scram.start(NO_BINDING);
        exchange.evaluate(bytes("n,,n=" + USER + ",r=abc"));
        assertInstanceOf(SaslStep.Malformed.class, exchange.evaluate(bytes("c=biws,r=abc")));
    }

    @Test
    void aPlainLoginGivesAnAccountWithoutKeysItsKeysOnce() throws Exception {
        Account dave = store.accounts().createAccount("dave@example.org", hasher.hash("dave's password"), List.of());
        assertInstanceOf(SaslStep.Failure.class, run("SCRAM-SHA-256", NO_BINDING,
                client("SCRAM-SHA-256", "dave@example.org", "dave's password").build(), true));
        assertInstanceOf(SaslStep.Success.class, mechanisms.find("PLAIN", NO_BINDING).orElseThrow().start(NO_BINDING)
                .evaluate(bytes("\0dave@example.org\0dave's password")));
        Optional<ScramKeys> keys = store.scram().find(dave.id(), ScramHash.SHA_256);
        assertEquals(ScramEnrollment.SHA_256_ITERATIONS, keys.orElseThrow().iterations());
        assertEquals(ScramEnrollment.SHA_1_ITERATIONS,
                store.scram().find(dave.id(), ScramHash.SHA_1).orElseThrow().iterations());
        for (String mechanism : List.of("SCRAM-SHA-256", "SCRAM-SHA-1")) {
            assertInstanceOf(SaslStep.Success.class, run(mechanism, NO_BINDING,
                    client(mechanism, "dave@example.org", "dave's password").build(), true));
        }
        mechanisms.passwords().authenticate("dave@example.org", "dave's password",
                new LoginSource(LoginProtocol.IMAP, CLIENT), "LOGIN command");
        assertEquals(keys, store.scram().find(dave.id(), ScramHash.SHA_256), "derived once, not at every login");
    }

    @Test
    void keysAreNeverDerivedFromAnythingButTheAccountsPassword() {
        Account erin = store.accounts().createAccount("erin@example.org", hasher.hash("erin's password"), List.of());
        ScramEnrollment enrollment = new ScramEnrollment(store.scram(), hasher, new SecureRandom());
        enrollment.afterPasswordLogin(erin, "some other secret");
        assertTrue(store.scram().find(erin.id(), ScramHash.SHA_256).isEmpty());
    }

    @Test
    void anAppPasswordLogsInWithPlainButGivesNoKeysAndIsNoScramPassword() throws Exception {
        Account frank = store.accounts().createAccount("frank@example.org", hasher.hash("frank's password"), List.of());
        String app = new AppPasswordIssuer(store.appPasswords(), new PasswordGenerator(new SecureRandom()), hasher, 2)
                .issue(frank.id(), "phone", Optional.empty()).secret();
        assertInstanceOf(SaslStep.Success.class, mechanisms.find("PLAIN", NO_BINDING).orElseThrow().start(NO_BINDING)
                .evaluate(bytes("\0frank@example.org\0" + app)));
        assertTrue(store.scram().find(frank.id(), ScramHash.SHA_256).isEmpty(), "no keys from an app password");
        assertInstanceOf(SaslStep.Failure.class, run("SCRAM-SHA-256", NO_BINDING,
                client("SCRAM-SHA-256", "frank@example.org", app).build(), true));
        // Keys do come from the main password, and then SCRAM still takes only that.
        assertInstanceOf(SaslStep.Success.class, mechanisms.find("PLAIN", NO_BINDING).orElseThrow().start(NO_BINDING)
                .evaluate(bytes("\0frank@example.org\0frank's password")));
        assertTrue(store.scram().find(frank.id(), ScramHash.SHA_256).isPresent());
        assertInstanceOf(SaslStep.Failure.class, run("SCRAM-SHA-256", NO_BINDING,
                client("SCRAM-SHA-256", "frank@example.org", app).build(), true));
        assertInstanceOf(SaslStep.Success.class, run("SCRAM-SHA-256", NO_BINDING,
                client("SCRAM-SHA-256", "frank@example.org", "frank's password").build(), true));
    }

    @Test
    void scramIsRefusedForAnAccountThatRefusesItsMainPassword() throws Exception {
        store.appPasswords().setMainPasswordRefused(carol.id(), true);
        for (String mechanism : List.of("SCRAM-SHA-256", "SCRAM-SHA-1")) {
            assertInstanceOf(SaslStep.Failure.class,
                    run(mechanism, NO_BINDING, client(mechanism, USER, PASSWORD).build(), true), mechanism);
        }
        assertInstanceOf(SaslStep.Failure.class, run("SCRAM-SHA-256-PLUS", BINDINGS, client("SCRAM-SHA-256-PLUS",
                USER, PASSWORD).channelBinding("tls-exporter", EXPORTER).build(), true));
        store.appPasswords().setMainPasswordRefused(carol.id(), false);
        assertInstanceOf(SaslStep.Success.class,
                run("SCRAM-SHA-256", NO_BINDING, client("SCRAM-SHA-256", USER, PASSWORD).build(), true));
    }

    @Test
    void failedScramExchangesCountTowardTheAccountsDelay() throws Exception {
        for (int i = 0; i < 3; i++) {
            assertInstanceOf(SaslStep.Failure.class,
                    run("SCRAM-SHA-256", NO_BINDING, client("SCRAM-SHA-256", USER, "guess " + i).build(), true));
        }
        // Three failures are free; the fourth, whichever the mechanism, is delayed.
        assertTrue(throttle.recordAccountFailure(USER).isPositive(), "SCRAM failures were counted for the account");
        assertTrue(throttle.recordAccountFailure("dave@example.org").isZero(), "only for that account");
    }

    @Test
    void storedKeysFollowRfc5802AndSaslPrep() {
        // RFC 4013 §2.1: SASLprep maps the non-ASCII space U+00A0 to an ASCII space.
        byte[] salt = new byte[16];
        ScramKeys a = ScramFunctions.derive(ScramHash.SHA_256, ScramFunctions.normalize("pass\u00a0word").orElseThrow(),
                salt, 4096);
        ScramKeys b = ScramFunctions.derive(ScramHash.SHA_256, ScramFunctions.normalize("pass word").orElseThrow(),
                salt, 4096);
        assertEquals(a, b);
        assertFalse(Arrays.equals(a.storedKey(), a.serverKey()));
        // RFC 7677 §3 example: SaltedPassword for "pencil" with salt W22ZaJ0SNY7soEsUEjb6gQ== and 4096 iterations
        // yields ServerKey whose signature over the example AuthMessage is 6rriTRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4=.
        byte[] rfcSalt = java.util.Base64.getDecoder().decode("W22ZaJ0SNY7soEsUEjb6gQ==");
        ScramKeys pencil = ScramFunctions.derive(ScramHash.SHA_256, bytes("pencil"), rfcSalt, 4096);
        String authMessage = "n=user,r=rOprNGfwEbeRWgbNEkqO,r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,"
                + "s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096,c=biws,r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0";
        assertEquals("6rriTRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4=", java.util.Base64.getEncoder().encodeToString(
                ScramFunctions.hmac(ScramHash.SHA_256, pencil.serverKey(), bytes(authMessage))));
    }
}
