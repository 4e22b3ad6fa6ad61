package org.tegami.imap.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.ongres.scram.client.ScramClient;
import com.ongres.scram.common.StringPreparation;
import com.ongres.scram.common.util.TlsServerEndpoint;
import io.netty.handler.ssl.OpenSsl;
import io.netty.handler.ssl.SslProvider;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.List;
import javax.net.ssl.ExtendedSSLSession;
import javax.net.ssl.SSLSession;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.tegami.store.Account;
import org.tegami.store.ScramHash;

/**
 * AUTHENTICATE SCRAM-* (RFC 5802, RFC 7677, RFC 9051 §6.2.2, SASL-IR RFC 4959) over real TCP + TLS,
 * driven by an independent client implementation (ongres scram-client).
 */
class ScramAuthenticateTest {

    private static final String ALL = "AUTH=SCRAM-SHA-256-PLUS AUTH=SCRAM-SHA-256 AUTH=SCRAM-SHA-1-PLUS AUTH=SCRAM-SHA-1"
            + " AUTH=PLAIN AUTH=LOGIN";

    private TestImapServer server;

    @BeforeEach
    void start() {
        server = new TestImapServer();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private static String b64(String s) {
        return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }

    private static String unb64(String s) {
        return new String(Base64.getDecoder().decode(s), StandardCharsets.UTF_8);
    }

    static ScramClient.FinalBuildStage client(String mechanism, String user, String password) {
        return ScramClient.builder().advertisedMechanisms(List.of(mechanism)).username(user)
                .password(password.toCharArray()).stringPreparation(StringPreparation.SASL_PREPARATION);
    }

    /** RFC 5929 §4.1, computed by the client from the certificate the server presented. */
    static byte[] serverEndPoint(SSLSession session) throws Exception {
        return TlsServerEndpoint.getChannelBindingData((X509Certificate) session.getPeerCertificates()[0]);
    }

    /** RFC 9266 §2, from the client's side of the TLS 1.3 session. */
    static byte[] exporter(SSLSession session) throws Exception {
        return ((ExtendedSSLSession) session).exportKeyingMaterialData("EXPORTER-Channel-Binding", new byte[0], 32);
    }

    /** Runs AUTHENTICATE to its tagged response, which it returns; the client checks the server's signature. */
    static String authenticate(ImapTestClient c, String tag, String mechanism, ScramClient scram, boolean saslIr)
            throws Exception {
        if (saslIr) {
            c.send(tag + " AUTHENTICATE " + mechanism + " " + b64(scram.clientFirstMessage().toString()));
        } else {
            c.send(tag + " AUTHENTICATE " + mechanism);
            assertEquals("+ ", c.readLine());
            c.send(b64(scram.clientFirstMessage().toString()));
        }
        String line = c.readLine();
        if (!line.startsWith("+ ")) {
            return line;
        }
        scram.serverFirstMessage(unb64(line.substring(2)));
        c.send(b64(scram.clientFinalMessage().toString()));
        line = c.readLine();
        if (!line.startsWith("+ ")) {
            return line;
        }
        scram.serverFinalMessage(unb64(line.substring(2)));
        c.send("");
        return c.readLine();
    }

    @Test
    void capabilityListsScramOnlyUnderTlsAndPlusWithChannelBinding() throws Exception {
        try (ImapTestClient c = ImapTestClient.tls(server.implicitTlsAddress())) {
            assertTrue(c.readLine().contains(ALL + "]"));
            assertTrue(c.command("a", "CAPABILITY").getFirst().endsWith(ALL));
        }
        try (ImapTestClient c = ImapTestClient.plain(server.startTlsAddress())) {
            c.readLine();
            String capabilities = c.command("a", "CAPABILITY").getFirst();
            assertFalse(capabilities.contains("AUTH="), capabilities);
            c.command("b", "STARTTLS");
            c.startTls();
            assertTrue(c.command("c", "CAPABILITY").getFirst().endsWith(ALL));
            assertTrue(authenticate(c, "d", "SCRAM-SHA-256-PLUS", client("SCRAM-SHA-256-PLUS", TestImapServer.USER,
                    TestImapServer.PASSWORD).channelBinding("tls-exporter", exporter(c.sslSession())).build(), true)
                    .startsWith("d OK [CAPABILITY "));
        }
    }

    @Test
    void scramSha256WithAndWithoutInitialResponseAndScramSha1() throws Exception {
        try (ImapTestClient c = ImapTestClient.tls(server.implicitTlsAddress())) {
            c.readLine();
            String done = authenticate(c, "a", "SCRAM-SHA-256",
                    client("SCRAM-SHA-256", TestImapServer.USER, TestImapServer.PASSWORD).build(), true);
            assertTrue(done.startsWith("a OK [CAPABILITY IMAP4rev2"), done);
            assertEquals("b OK Done", c.command("b", "NOOP").getLast().replace("NOOP completed", "Done"));
        }
        try (ImapTestClient c = ImapTestClient.tls(server.implicitTlsAddress())) {
            c.readLine();
            assertTrue(authenticate(c, "a", "SCRAM-SHA-256",
                    client("SCRAM-SHA-256", TestImapServer.USER, TestImapServer.PASSWORD).build(), false)
                    .startsWith("a OK "));
        }
        try (ImapTestClient c = ImapTestClient.tls(server.implicitTlsAddress())) {
            c.readLine();
            assertTrue(authenticate(c, "a", "SCRAM-SHA-1",
                    client("SCRAM-SHA-1", TestImapServer.USER, TestImapServer.PASSWORD).build(), true)
                    .startsWith("a OK "));
        }
    }

    @Test
    void plusWithEitherChannelBindingAndAMismatchedBindingFails() throws Exception {
        for (String type : List.of("tls-server-end-point", "tls-exporter")) {
            try (ImapTestClient c = ImapTestClient.tls(server.implicitTlsAddress())) {
                c.readLine();
                byte[] data = type.equals("tls-exporter") ? exporter(c.sslSession()) : serverEndPoint(c.sslSession());
                byte[] wrong = data.clone();
                wrong[wrong.length - 1] ^= 1;
                assertEquals("a NO [AUTHENTICATIONFAILED] Authentication failed", authenticate(c, "a",
                        "SCRAM-SHA-256-PLUS", client("SCRAM-SHA-256-PLUS", TestImapServer.USER, TestImapServer.PASSWORD)
                                .channelBinding(type, wrong).build(), true), type);
                assertTrue(authenticate(c, "b", "SCRAM-SHA-256-PLUS", client("SCRAM-SHA-256-PLUS",
                        TestImapServer.USER, TestImapServer.PASSWORD).channelBinding(type, data).build(), true)
                        .startsWith("b OK "), type);
            }
        }
    }

    @Test
    void aBindingFromAnotherConnectionFails() throws Exception {
        try (ImapTestClient other = ImapTestClient.tls(server.implicitTlsAddress());
             ImapTestClient c = ImapTestClient.tls(server.implicitTlsAddress())) {
            other.readLine();
            c.readLine();
            assertEquals("a NO [AUTHENTICATIONFAILED] Authentication failed", authenticate(c, "a",
                    "SCRAM-SHA-1-PLUS", client("SCRAM-SHA-1-PLUS", TestImapServer.USER, TestImapServer.PASSWORD)
                            .channelBinding("tls-exporter", exporter(other.sslSession())).build(), true));
        }
    }

    @Test
    void aWrongPasswordAndAnUnknownUserGetTheSameAnswer() throws Exception {
        try (ImapTestClient c = ImapTestClient.tls(server.implicitTlsAddress())) {
            c.readLine();
            String wrong = authenticate(c, "a", "SCRAM-SHA-256",
                    client("SCRAM-SHA-256", TestImapServer.USER, "not the password").build(), true);
            String unknown = authenticate(c, "a", "SCRAM-SHA-256",
                    client("SCRAM-SHA-256", "nobody@example.org", TestImapServer.PASSWORD).build(), true);
            assertEquals("a NO [AUTHENTICATIONFAILED] Authentication failed", wrong);
            assertEquals(wrong, unknown);
        }
    }

    @Test
    void aPlainLoginGivesAnAccountCreatedWithoutScramKeysItsKeys() throws Exception {
        Account carol = server.store().accounts().createAccount("carol@example.org",
                TestImapServer.HASHER.hash("carol's password"), List.of());
        try (ImapTestClient c = ImapTestClient.tls(server.implicitTlsAddress())) {
            c.readLine();
            assertTrue(authenticate(c, "a", "SCRAM-SHA-256",
                    client("SCRAM-SHA-256", "carol@example.org", "carol's password").build(), true)
                    .startsWith("a NO [AUTHENTICATIONFAILED]"));
            String plain = Base64.getEncoder().encodeToString(
                    "\0carol@example.org\0carol's password".getBytes(StandardCharsets.UTF_8));
            assertTrue(c.command("b", "AUTHENTICATE PLAIN " + plain).getLast().startsWith("b OK "));
        }
        assertTrue(server.store().scram().find(carol.id(), ScramHash.SHA_256).isPresent());
        assertTrue(server.store().scram().find(carol.id(), ScramHash.SHA_1).isPresent());
        try (ImapTestClient c = ImapTestClient.tls(server.implicitTlsAddress())) {
            c.readLine();
            assertTrue(authenticate(c, "a", "SCRAM-SHA-256-PLUS", client("SCRAM-SHA-256-PLUS", "carol@example.org",
                    "carol's password").channelBinding("tls-server-end-point", serverEndPoint(c.sslSession())).build(),
                    true).startsWith("a OK "));
        }
    }

    @Test
    void imapLoginAlsoGivesTheKeys() throws Exception {
        Account dave = server.store().accounts().createAccount("dave@example.org",
                TestImapServer.HASHER.hash("dave's password"), List.of());
        try (ImapTestClient c = ImapTestClient.tls(server.implicitTlsAddress())) {
            c.readLine();
            assertTrue(c.command("a", "LOGIN dave@example.org \"dave's password\"").getLast().startsWith("a OK "));
        }
        assertTrue(server.store().scram().find(dave.id(), ScramHash.SHA_256).isPresent());
    }

    @Test
    void withOpenSslOnlyTlsServerEndPointBinds() throws Exception {
        Assumptions.assumeTrue(OpenSsl.isAvailable(), "netty-tcnative is not available here");
        try (TestImapServer openSsl = new TestImapServer(SslProvider.OPENSSL);
             ImapTestClient c = ImapTestClient.tls(openSsl.implicitTlsAddress())) {
            assertTrue(c.readLine().contains(ALL + "]"), "-PLUS is offered: tls-server-end-point works");
            assertEquals("a NO [AUTHENTICATIONFAILED] Authentication failed", authenticate(c, "a",
                    "SCRAM-SHA-256-PLUS", client("SCRAM-SHA-256-PLUS", TestImapServer.USER, TestImapServer.PASSWORD)
                            .channelBinding("tls-exporter", exporter(c.sslSession())).build(), true),
                    "BoringSSL through netty-tcnative exports no keying material");
            assertTrue(authenticate(c, "b", "SCRAM-SHA-256-PLUS", client("SCRAM-SHA-256-PLUS", TestImapServer.USER,
                    TestImapServer.PASSWORD).channelBinding("tls-server-end-point", serverEndPoint(c.sslSession()))
                    .build(), true).startsWith("b OK "));
        }
    }
}
