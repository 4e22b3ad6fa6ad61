package org.tegami.auth.oauth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.tegami.auth.ChannelBindings;
import org.tegami.auth.CredentialChecker;
import org.tegami.auth.LoginThrottle;
import org.tegami.auth.PasswordAuthenticator;
import org.tegami.auth.PasswordHasher;
import org.tegami.auth.SaslContext;
import org.tegami.auth.SaslExchange;
import org.tegami.auth.SaslMechanisms;
import org.tegami.auth.SaslStep;
import org.tegami.store.MailStore;
import org.tegami.store.sqlite.SqliteMailStore;

/**
 * OAUTHBEARER (RFC 7628) and XOAUTH2 against a test identity provider on loopback, on a real account
 * directory (SQLite in a temporary directory).
 */
class OAuthBearerTest {

    private static final String USER = "carol@example.org";
    private static final InetAddress CLIENT = InetAddress.getLoopbackAddress();
    private static final SaslContext TLS = new SaslContext("imap", true, ChannelBindings.NONE, CLIENT);
    private static final SaslContext SMTP_TLS = new SaslContext("smtp", true, ChannelBindings.NONE, CLIENT);
    /** Key-set fetches at most once a minute: within a test, whatever the test does, two at most. */
    private static final TokenValidator.Timing TIMING = new TokenValidator.Timing(Duration.ofMinutes(1),
            Duration.ofMinutes(15), Duration.ofMinutes(1));

    private Path dir;
    private MailStore store;
    private TestIdentityProvider idp;
    private PasswordAuthenticator authenticator;

    @BeforeEach
    void open() throws Exception {
        dir = Files.createTempDirectory("tegami-oauth-test");
        store = SqliteMailStore.open(dir);
        PasswordHasher hasher = new PasswordHasher(new PasswordHasher.Cost(64, 1, 1), new SecureRandom());
        store.accounts().createAccount(USER, hasher.hash("unused password"), List.of());
        store.accounts().createAccount("dave@example.org", hasher.hash("unused password"), List.of());
        LoginThrottle throttle = new LoginThrottle(new LoginThrottle.Settings(Duration.ofMillis(1),
                Duration.ofMillis(2), Duration.ofMinutes(1), 1000), Clock.systemUTC());
        authenticator = new PasswordAuthenticator(
                new CredentialChecker(store.accounts(), store.appPasswords(), hasher, 2, Clock.systemUTC()), throttle);
        idp = new TestIdentityProvider();
    }

    @AfterEach
    void close() {
        idp.close();
        store.close();
    }

    private SaslMechanisms mechanisms(OAuthIssuer... issuers) {
        return SaslMechanisms.standard(store, authenticator, new SecureRandom(), Optional.of(
                BearerTokens.of(List.of(issuers), TIMING, store.accounts(), authenticator, Clock.systemUTC())));
    }

    private static byte[] oauthBearer(String authzid, String token) {
        return ("n," + (authzid.isEmpty() ? "" : "a=" + authzid) + ",\u0001host=mail.example.org\u0001port=993"
                + "\u0001auth=Bearer " + token + "\u0001\u0001").getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] xoauth2(String user, String token) {
        return ("user=" + user + "\u0001auth=Bearer " + token + "\u0001\u0001").getBytes(StandardCharsets.UTF_8);
    }

    /** Runs OAUTHBEARER with an initial response; on an error challenge sends the dummy 0x01 (RFC 7628 §3.2.3). */
    private static SaslStep oauthBearer(SaslMechanisms mechanisms, String authzid, String token) {
        SaslExchange exchange = mechanisms.find("OAUTHBEARER", TLS).orElseThrow().start(TLS);
        SaslStep step = exchange.evaluate(oauthBearer(authzid, token));
        if (step instanceof SaslStep.Challenge challenge) {
            String error = new String(challenge.data(), StandardCharsets.UTF_8);
            assertTrue(error.startsWith("{\"status\":\"invalid_token\""), error);
            assertTrue(error.contains("\"openid-configuration\":\""), error);
            return exchange.evaluate(new byte[] {1});
        }
        return step;
    }

    private boolean accepted(SaslMechanisms mechanisms, String token) {
        SaslStep step = oauthBearer(mechanisms, "", token);
        if (step instanceof SaslStep.Success success) {
            assertEquals(USER, success.account().address());
            return true;
        }
        assertInstanceOf(SaslStep.Failure.class, step);
        return false;
    }

    @Test
    void offeredOnlyUnderTlsAndOnlyWithAnIssuer() {
        SaslMechanisms with = mechanisms(idp.jwtIssuer());
        assertEquals(List.of("SCRAM-SHA-256", "SCRAM-SHA-1", "OAUTHBEARER", "XOAUTH2", "PLAIN", "LOGIN"),
                with.offeredNames(TLS));
        assertFalse(with.offeredNames(SaslContext.cleartext("imap", CLIENT)).contains("OAUTHBEARER"));
        assertTrue(with.find("xoauth2", SaslContext.cleartext("smtp", CLIENT)).isEmpty());
        SaslMechanisms without = SaslMechanisms.standard(store, authenticator, new SecureRandom());
        assertFalse(without.offeredNames(TLS).contains("OAUTHBEARER"));
        assertFalse(without.offeredNames(TLS).contains("XOAUTH2"));
    }

    @Test
    void validTokensAreAcceptedWithAndWithoutAuthzidAndByEitherKeyType() {
        SaslMechanisms mechanisms = mechanisms(idp.jwtIssuer());
        assertTrue(accepted(mechanisms, idp.rs256(USER)));
        assertTrue(accepted(mechanisms, idp.es256(USER)));
        // The claim maps case-insensitively.
        assertTrue(accepted(mechanisms, idp.rs256("Carol@Example.ORG")));
        assertInstanceOf(SaslStep.Success.class, oauthBearer(mechanisms, USER, idp.rs256(USER)));
        assertEquals(1, idp.discoveryRequests());
        assertEquals(1, idp.keySetRequests());
    }

    @Test
    void anEmptyInitialResponseGetsAnEmptyChallenge() {
        SaslMechanisms mechanisms = mechanisms(idp.jwtIssuer());
        SaslExchange exchange = mechanisms.find("OAUTHBEARER", TLS).orElseThrow().start(TLS);
        assertEquals(0, assertInstanceOf(SaslStep.Challenge.class, exchange.evaluate(null)).data().length);
        assertInstanceOf(SaslStep.Success.class, exchange.evaluate(oauthBearer("", idp.rs256(USER))));
    }

    @Test
    void badTokensAreRefused() {
        SaslMechanisms mechanisms = mechanisms(idp.jwtIssuer());
        Times t = new Times();
        List<Function<TestIdentityProvider, String>> bad = List.of(
                p -> p.rs256(USER, c -> c.expirationTime(t.ago(600)).notBeforeTime(t.ago(900)).issueTime(t.ago(900))),
                p -> p.rs256(USER, c -> c.notBeforeTime(t.ahead(600)).issueTime(t.ahead(600))),
                p -> p.rs256(USER, c -> c.audience("someone-else")),
                p -> p.rs256(USER, c -> c.issuer("http://127.0.0.1:1/other")),
                p -> p.rs256(USER, c -> c.claim("email", null)),
                p -> p.rs256(USER, c -> c.expirationTime(null)),
                p -> p.unsecured(USER),
                p -> p.hs256WithPublicKey(USER),
                p -> p.tampered("dave@example.org", USER),
                p -> p.rs256("nobody@example.org"),
                p -> "not a token at all");
        for (Function<TestIdentityProvider, String> token : bad) {
            assertFalse(accepted(mechanisms, token.apply(idp)));
        }
        // Within the clock skew (60 s) a token that just expired still counts.
        assertTrue(accepted(mechanisms, idp.rs256(USER, c -> c.expirationTime(t.ago(30)))));
    }

    @Test
    void anAuthzidMustNameTheTokensAccount() {
        SaslMechanisms mechanisms = mechanisms(idp.jwtIssuer());
        assertInstanceOf(SaslStep.Failure.class, oauthBearer(mechanisms, "dave@example.org", idp.rs256(USER)));
    }

    @Test
    void anUnknownKeyIdRefreshesTheKeySetOnceThenIsRefused() {
        SaslMechanisms mechanisms = mechanisms(idp.jwtIssuer());
        assertTrue(accepted(mechanisms, idp.rs256(USER)));
        assertEquals(1, idp.keySetRequests());
        assertFalse(accepted(mechanisms, idp.unknownKid(USER)));
        assertEquals(2, idp.keySetRequests());
        // More unknown key ids within the rate limit do not reach the provider.
        for (int i = 0; i < 5; i++) {
            assertFalse(accepted(mechanisms, idp.unknownKid(USER)));
        }
        assertEquals(2, idp.keySetRequests());
        assertTrue(accepted(mechanisms, idp.rs256(USER)));
    }

    @Test
    void aKeySetEndpointThatIsDownFailsClosedAndIsNotHammered() {
        SaslMechanisms mechanisms = mechanisms(idp.jwtIssuer());
        idp.keySetDown(true);
        for (int i = 0; i < 10; i++) {
            assertFalse(accepted(mechanisms, idp.rs256(USER)));
        }
        assertTrue(idp.keySetRequests() <= 2, idp.keySetRequests() + " requests");
        assertEquals(1, idp.discoveryRequests());
    }

    @Test
    void xoauth2AcceptsAValidTokenAndAnswersAFailureWithAnErrorThenFails() {
        SaslMechanisms mechanisms = mechanisms(idp.jwtIssuer());
        SaslExchange exchange = mechanisms.find("XOAUTH2", SMTP_TLS).orElseThrow().start(SMTP_TLS);
        assertEquals(USER, assertInstanceOf(SaslStep.Success.class,
                exchange.evaluate(xoauth2(USER, idp.rs256(USER)))).account().address());

        exchange = mechanisms.find("XOAUTH2", SMTP_TLS).orElseThrow().start(SMTP_TLS);
        SaslStep step = exchange.evaluate(xoauth2("dave@example.org", idp.rs256(USER)));
        String error = new String(assertInstanceOf(SaslStep.Challenge.class, step).data(), StandardCharsets.UTF_8);
        assertTrue(error.contains("\"status\":\"401\""), error);
        assertInstanceOf(SaslStep.Failure.class, exchange.evaluate(new byte[0]));
    }

    @Test
    void malformedMessagesAreMalformed() {
        SaslMechanisms mechanisms = mechanisms(idp.jwtIssuer());
        for (String message : List.of("", "n,,", "p=tls-unique,,\u0001auth=Bearer x\u0001\u0001",
                "n,,\u0001auth=Basic x\u0001\u0001", "n,,\u0001host=x\u0001\u0001")) {
            SaslExchange exchange = mechanisms.find("OAUTHBEARER", TLS).orElseThrow().start(TLS);
            assertInstanceOf(SaslStep.Malformed.class, exchange.evaluate(message.getBytes(StandardCharsets.UTF_8)),
                    message);
        }
    }

    @Test
    void withTwoIssuersEachOnesTokensCountOnlyWithItsOwnAudienceAndKeys() {
        try (TestIdentityProvider other = new TestIdentityProvider()) {
            String otherAudience = "other-mail";
            SaslMechanisms mechanisms = mechanisms(idp.jwtIssuer(),
                    OAuthIssuer.jwt(java.net.URI.create(other.issuerId()), java.util.Set.of(otherAudience)));
            assertTrue(accepted(mechanisms, idp.rs256(USER)));
            assertTrue(accepted(mechanisms, other.rs256(USER, c -> c.audience(otherAudience))));
            // Each issuer's tokens with the other issuer's audience.
            assertFalse(accepted(mechanisms, idp.rs256(USER, c -> c.audience(otherAudience))));
            assertFalse(accepted(mechanisms, other.rs256(USER)));
            // Signed by one issuer but claiming to come from the other (both publish a key named rsa-1).
            assertFalse(accepted(mechanisms,
                    idp.rs256(USER, c -> c.issuer(other.issuerId()).audience(otherAudience))));
            assertFalse(accepted(mechanisms, other.rs256(USER, c -> c.issuer(idp.issuerId()))));
            // A token names the issuer that checks it: the other issuer never sees the first one's tokens.
            assertEquals(1, idp.keySetRequests());
            assertEquals(1, other.keySetRequests());
        }
    }

    @Test
    void opaqueTokensAreIntrospected() {
        SaslMechanisms mechanisms = mechanisms(idp.introspectionIssuer());
        assertTrue(accepted(mechanisms, idp.opaque(USER)));
        assertFalse(accepted(mechanisms, "opaque-unknown"));
        assertFalse(accepted(mechanisms, idp.opaque("nobody@example.org")));
        assertEquals(3, idp.introspectionRequests());
    }

    @Test
    void hmacAndNoneCannotBeConfigured() {
        for (String algorithm : List.of("HS256", "none")) {
            org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, () -> new OAuthIssuer(
                    java.net.URI.create(idp.issuerId()), java.util.Set.of("a"),
                    OAuthIssuer.algorithms(List.of(algorithm)), "email", "openid", Optional.empty(),
                    Optional.empty(), Optional.empty(), Duration.ZERO));
        }
    }

    /** Instants relative to now, for token times. */
    private static final class Times {
        private final java.time.Instant now = java.time.Instant.now();

        Date ago(long seconds) {
            return Date.from(now.minusSeconds(seconds));
        }

        Date ahead(long seconds) {
            return Date.from(now.plusSeconds(seconds));
        }
    }
}
