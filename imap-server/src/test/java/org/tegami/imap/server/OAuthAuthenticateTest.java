package org.tegami.imap.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tegami.auth.oauth.TestIdentityProvider;

/**
 * AUTHENTICATE OAUTHBEARER (RFC 7628) and XOAUTH2 over real TCP + TLS, with tokens of a test identity
 * provider on loopback; and curl's {@code --oauth2-bearer}.
 */
class OAuthAuthenticateTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    @TempDir
    Path work;

    private TestIdentityProvider idp;
    private TestImapServer server;

    @BeforeEach
    void start() {
        idp = new TestIdentityProvider();
        server = new TestImapServer(List.of(idp.jwtIssuer()));
    }

    @AfterEach
    void stop() {
        server.close();
        idp.close();
    }

    private static String b64(String s) {
        return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }

    private static String oauthBearer(String user, String token) {
        return b64("n,a=" + user + ",\u0001auth=Bearer " + token + "\u0001\u0001");
    }

    @Test
    void mechanismsAreListedOnlyUnderTlsAndOnlyWithAnIssuer() throws Exception {
        try (ImapTestClient c = ImapTestClient.tls(server.implicitTlsAddress())) {
            c.readLine();
            String capabilities = c.command("a", "CAPABILITY").getFirst();
            assertTrue(capabilities.contains("AUTH=OAUTHBEARER AUTH=XOAUTH2"), capabilities);
        }
        try (ImapTestClient c = ImapTestClient.plain(server.startTlsAddress())) {
            c.readLine();
            String capabilities = c.command("a", "CAPABILITY").getFirst();
            assertFalse(capabilities.contains("OAUTHBEARER") || capabilities.contains("XOAUTH2"), capabilities);
            assertTrue(c.command("b", "AUTHENTICATE OAUTHBEARER " + oauthBearer(TestImapServer.USER,
                    idp.rs256(TestImapServer.USER))).getLast().startsWith("b NO"));
        }
        try (TestImapServer plain = new TestImapServer();
             ImapTestClient c = ImapTestClient.tls(plain.implicitTlsAddress())) {
            c.readLine();
            String capabilities = c.command("a", "CAPABILITY").getFirst();
            assertFalse(capabilities.contains("OAUTHBEARER") || capabilities.contains("XOAUTH2"), capabilities);
        }
    }

    @Test
    void aValidTokenLogsInWithOAuthBearerAndXoauth2() throws Exception {
        try (ImapTestClient c = ImapTestClient.tls(server.implicitTlsAddress())) {
            c.readLine();
            String done = c.command("a", "AUTHENTICATE OAUTHBEARER "
                    + oauthBearer(TestImapServer.USER, idp.rs256(TestImapServer.USER))).getLast();
            assertTrue(done.startsWith("a OK [CAPABILITY "), done);
            assertTrue(c.command("b", "SELECT INBOX").getLast().startsWith("b OK"));
        }
        try (ImapTestClient c = ImapTestClient.tls(server.implicitTlsAddress())) {
            c.readLine();
            // Without an initial response: an empty challenge first.
            c.send("a AUTHENTICATE XOAUTH2");
            assertEquals("+ ", c.readLine());
            c.send(b64("user=" + TestImapServer.USER + "\u0001auth=Bearer " + idp.es256(TestImapServer.USER)
                    + "\u0001\u0001"));
            assertTrue(c.readLine().startsWith("a OK [CAPABILITY "));
        }
    }

    @Test
    void aTokenWorksForAnAccountThatRefusesItsMainPassword() throws Exception {
        var account = server.store().accounts().findAccount(TestImapServer.USER).orElseThrow();
        server.store().appPasswords().setMainPasswordRefused(account.id(), true);
        try (ImapTestClient c = ImapTestClient.tls(server.implicitTlsAddress())) {
            c.readLine();
            assertTrue(c.command("a", "AUTHENTICATE OAUTHBEARER "
                    + oauthBearer(TestImapServer.USER, idp.rs256(TestImapServer.USER))).getLast().startsWith("a OK"));
        }
    }

    @Test
    void aBadTokenGetsTheErrorJsonThenNo() throws Exception {
        try (ImapTestClient c = ImapTestClient.tls(server.implicitTlsAddress())) {
            c.readLine();
            c.send("a AUTHENTICATE OAUTHBEARER " + oauthBearer(TestImapServer.USER,
                    idp.rs256(TestImapServer.USER, claims -> claims.audience("someone-else"))));
            String challenge = c.readLine();
            assertTrue(challenge.startsWith("+ "), challenge);
            String error = new String(Base64.getDecoder().decode(challenge.substring(2)), StandardCharsets.UTF_8);
            assertTrue(error.startsWith("{\"status\":\"invalid_token\""), error);
            assertTrue(error.contains("\"openid-configuration\":\"" + idp.issuerId()
                    + "/.well-known/openid-configuration\""), error);
            // RFC 7628 §3.2.3: the client's dummy response.
            c.send(Base64.getEncoder().encodeToString(new byte[] {1}));
            assertTrue(c.readLine().startsWith("a NO [AUTHENTICATIONFAILED]"));

            c.send("b AUTHENTICATE OAUTHBEARER " + oauthBearer(TestImapServer.USER, idp.unsecured(TestImapServer.USER)));
            assertTrue(c.readLine().startsWith("+ "));
            c.send("");
            assertTrue(c.readLine().startsWith("b NO [AUTHENTICATIONFAILED]"));
        }
    }

    @Test
    void curlWithOAuth2Bearer() throws Exception {
        ExternalClients.require("curl");
        int port = server.implicitTlsAddress().getPort();
        ExternalClients.Result list = ExternalClients.run(List.of("curl", "--silent", "--show-error",
                "--cacert", server.certificateFile().toString(),
                "--connect-to", "localhost:" + port + ":127.0.0.1:" + port,
                "--user", TestImapServer.USER + ":", "--oauth2-bearer", idp.rs256(TestImapServer.USER),
                "imaps://localhost:" + port + "/"), work, TIMEOUT);
        assertEquals(0, list.exitCode(), list.both());
        assertTrue(list.stdout().contains("INBOX"), list.both());

        ExternalClients.Result refused = ExternalClients.run(List.of("curl", "--silent", "--show-error",
                "--cacert", server.certificateFile().toString(),
                "--connect-to", "localhost:" + port + ":127.0.0.1:" + port,
                "--user", TestImapServer.USER + ":", "--oauth2-bearer", idp.unknownKid(TestImapServer.USER),
                "imaps://localhost:" + port + "/"), work, TIMEOUT);
        assertTrue(refused.exitCode() != 0, refused.both());
    }
}
