package org.tegami.smtp.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.tegami.auth.oauth.TestIdentityProvider;

/**
 * AUTH OAUTHBEARER (RFC 7628) and XOAUTH2 on submission over real TCP + TLS, with tokens of a test
 * identity provider on loopback; and curl's {@code --oauth2-bearer} over SMTPS.
 */
@Timeout(60)
class OAuthAuthTest {

    @TempDir
    Path work;

    private TestIdentityProvider idp;
    private TestSmtpServer server;

    @BeforeEach
    void start() {
        idp = new TestIdentityProvider();
        server = new TestSmtpServer(List.of(idp.jwtIssuer()));
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
    void ehloListsTheMechanismsOnlyUnderTls() throws Exception {
        try (SmtpTestClient c = SmtpTestClient.tls(server.address(TestSmtpServer.Port.SUBMISSIONS))) {
            c.reply();
            String auth = c.ehlo("client.example.net").stream().filter(l -> l.contains("AUTH ")).findFirst()
                    .orElseThrow();
            assertTrue(auth.contains(" OAUTHBEARER XOAUTH2 "), auth);
        }
        try (SmtpTestClient c = SmtpTestClient.plain(server.address(TestSmtpServer.Port.SUBMISSION))) {
            c.reply();
            assertFalse(String.join("\n", c.ehlo("client.example.net")).contains("OAUTHBEARER"));
        }
    }

    @Test
    void aValidTokenAuthenticatesWithOAuthBearerAndXoauth2() throws Exception {
        try (SmtpTestClient c = SmtpTestClient.tls(server.address(TestSmtpServer.Port.SUBMISSIONS))) {
            c.reply();
            c.ehlo("client.example.net");
            assertTrue(c.command("AUTH OAUTHBEARER " + oauthBearer(TestSmtpServer.USER,
                    idp.rs256(TestSmtpServer.USER))).startsWith("235 "));
        }
        try (SmtpTestClient c = SmtpTestClient.tls(server.address(TestSmtpServer.Port.SUBMISSIONS))) {
            c.reply();
            c.ehlo("client.example.net");
            // RFC 4954 §4: without an initial response, an empty 334 first.
            assertEquals("334 ", c.command("AUTH XOAUTH2"));
            assertTrue(c.command(b64("user=" + TestSmtpServer.USER + "\u0001auth=Bearer "
                    + idp.rs256(TestSmtpServer.USER) + "\u0001\u0001")).startsWith("235 "));
        }
    }

    @Test
    void aBadTokenGetsTheErrorJsonThen535() throws Exception {
        try (SmtpTestClient c = SmtpTestClient.tls(server.address(TestSmtpServer.Port.SUBMISSIONS))) {
            c.reply();
            c.ehlo("client.example.net");
            String challenge = c.command("AUTH OAUTHBEARER " + oauthBearer(TestSmtpServer.USER,
                    idp.rs256(TestSmtpServer.USER, claims -> claims.issuer("https://elsewhere.example"))));
            assertTrue(challenge.startsWith("334 "), challenge);
            String error = new String(Base64.getDecoder().decode(challenge.substring(4)), StandardCharsets.UTF_8);
            assertTrue(error.startsWith("{\"status\":\"invalid_token\""), error);
            assertTrue(c.command(Base64.getEncoder().encodeToString(new byte[] {1})).startsWith("535 5.7.8"));

            challenge = c.command("AUTH XOAUTH2 " + b64("user=" + TestSmtpServer.USER + "\u0001auth=Bearer "
                    + idp.hs256WithPublicKey(TestSmtpServer.USER) + "\u0001\u0001"));
            assertTrue(challenge.startsWith("334 "), challenge);
            assertTrue(c.command("").startsWith("535 5.7.8"));
        }
    }

    @Test
    void curlWithOAuth2BearerOverSmtps() throws Exception {
        ExternalClients.require("curl");
        Path message = work.resolve("message.eml");
        Files.writeString(message, "From: alice@example.org\r\nTo: bob@example.org\r\nSubject: via curl oauth\r\n\r\n"
                + "Sent with a bearer token.\r\n", StandardCharsets.US_ASCII);
        ExternalClients.Result result = ExternalClients.run(List.of("curl", "--silent", "--show-error",
                "--max-time", "20", "--insecure",
                "smtps://127.0.0.1:" + server.address(TestSmtpServer.Port.SUBMISSIONS).getPort(),
                "--user", TestSmtpServer.USER + ":", "--oauth2-bearer", idp.rs256(TestSmtpServer.USER),
                "--mail-from", TestSmtpServer.USER, "--mail-rcpt", TestSmtpServer.OTHER_USER,
                "--upload-file", message.toString()), work, Duration.ofSeconds(30));
        assertEquals(0, result.exitCode(), result.both());
        assertTrue(server.onlyMessage(TestSmtpServer.OTHER_USER).contains("Subject: via curl oauth"));
    }
}
