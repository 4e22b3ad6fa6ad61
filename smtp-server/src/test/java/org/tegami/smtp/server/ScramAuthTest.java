package org.tegami.smtp.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.ongres.scram.client.ScramClient;
import com.ongres.scram.common.StringPreparation;
import com.ongres.scram.common.util.TlsServerEndpoint;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.List;
import javax.net.ssl.ExtendedSSLSession;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.tegami.store.Account;
import org.tegami.store.ScramHash;

/**
 * SMTP AUTH with SCRAM (RFC 4954, RFC 5802, RFC 7677) over real TCP + TLS, driven by an independent client
 * implementation (ongres scram-client); the same mechanisms IMAP offers.
 */
class ScramAuthTest {

    private static final String ALL = "250-AUTH SCRAM-SHA-256-PLUS SCRAM-SHA-256 SCRAM-SHA-1-PLUS SCRAM-SHA-1 PLAIN LOGIN";
    private static final String FAILED = "535 5.7.8 Authentication credentials invalid";

    private TestSmtpServer server;

    @BeforeEach
    void start() {
        server = new TestSmtpServer();
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

    private SmtpTestClient greeted(TestSmtpServer.Port port) throws Exception {
        SmtpTestClient c = SmtpTestClient.tls(server.address(port));
        c.last();
        c.send("EHLO client.example.net");
        c.reply();
        return c;
    }

    /** AUTH to its final reply; the client checks the server's signature. */
    static String auth(SmtpTestClient c, String mechanism, ScramClient scram, boolean initialResponse)
            throws Exception {
        String reply;
        if (initialResponse) {
            reply = c.command("AUTH " + mechanism + " " + b64(scram.clientFirstMessage().toString()));
        } else {
            assertEquals("334 ", c.command("AUTH " + mechanism));
            reply = c.command(b64(scram.clientFirstMessage().toString()));
        }
        if (!reply.startsWith("334 ")) {
            return reply;
        }
        scram.serverFirstMessage(unb64(reply.substring(4)));
        reply = c.command(b64(scram.clientFinalMessage().toString()));
        if (!reply.startsWith("334 ")) {
            return reply;
        }
        scram.serverFinalMessage(unb64(reply.substring(4)));
        return c.command("");
    }

    @Test
    void ehloListsScramOnlyUnderTlsAndOnlyOnSubmission() throws Exception {
        try (SmtpTestClient c = SmtpTestClient.tls(server.address(TestSmtpServer.Port.SUBMISSIONS))) {
            c.last();
            c.send("EHLO client.example.net");
            assertTrue(c.reply().contains(ALL));
        }
        try (SmtpTestClient c = SmtpTestClient.plain(server.address(TestSmtpServer.Port.SUBMISSION))) {
            c.last();
            c.send("EHLO client.example.net");
            assertTrue(c.reply().stream().noneMatch(l -> l.contains("AUTH")));
            assertTrue(c.command("STARTTLS").startsWith("220"));
            c.startTls();
            c.send("EHLO client.example.net");
            assertTrue(c.reply().contains(ALL));
            assertEquals("504 5.5.4 Unrecognized authentication type", c.command("AUTH SCRAM-SHA-512"));
        }
        try (SmtpTestClient c = SmtpTestClient.plain(server.address(TestSmtpServer.Port.MX))) {
            c.last();
            c.send("EHLO client.example.net");
            assertTrue(c.reply().stream().noneMatch(l -> l.contains("SCRAM")));
        }
    }

    @Test
    void scramSha256AndSha1WithAndWithoutInitialResponse() throws Exception {
        try (SmtpTestClient c = greeted(TestSmtpServer.Port.SUBMISSIONS)) {
            assertEquals("235 2.7.0 Authentication successful", auth(c, "SCRAM-SHA-256",
                    client("SCRAM-SHA-256", TestSmtpServer.USER, TestSmtpServer.PASSWORD).build(), true));
            assertEquals("250 2.1.0 Sender OK", c.command("MAIL FROM:<alice@example.org>"));
        }
        try (SmtpTestClient c = greeted(TestSmtpServer.Port.SUBMISSIONS)) {
            assertEquals("235 2.7.0 Authentication successful", auth(c, "SCRAM-SHA-1",
                    client("SCRAM-SHA-1", TestSmtpServer.USER, TestSmtpServer.PASSWORD).build(), false));
        }
    }

    @Test
    void plusWithEitherBindingAndAMismatchedBindingFails() throws Exception {
        for (String type : List.of("tls-server-end-point", "tls-exporter")) {
            try (SmtpTestClient c = greeted(TestSmtpServer.Port.SUBMISSIONS)) {
                byte[] data = type.equals("tls-exporter")
                        ? ((ExtendedSSLSession) c.sslSession()).exportKeyingMaterialData("EXPORTER-Channel-Binding",
                                new byte[0], 32)
                        : TlsServerEndpoint.getChannelBindingData((X509Certificate) c.sslSession()
                                .getPeerCertificates()[0]);
                byte[] wrong = data.clone();
                wrong[0] ^= 0x20;
                assertEquals(FAILED, auth(c, "SCRAM-SHA-256-PLUS", client("SCRAM-SHA-256-PLUS", TestSmtpServer.USER,
                        TestSmtpServer.PASSWORD).channelBinding(type, wrong).build(), true), type);
                assertEquals("235 2.7.0 Authentication successful", auth(c, "SCRAM-SHA-256-PLUS",
                        client("SCRAM-SHA-256-PLUS", TestSmtpServer.USER, TestSmtpServer.PASSWORD)
                                .channelBinding(type, data).build(), true), type);
            }
        }
    }

    @Test
    void aWrongPasswordAndAnUnknownUserGetTheSameReply() throws Exception {
        try (SmtpTestClient c = greeted(TestSmtpServer.Port.SUBMISSIONS)) {
            assertEquals(FAILED, auth(c, "SCRAM-SHA-256",
                    client("SCRAM-SHA-256", TestSmtpServer.USER, "wrong password").build(), true));
            assertEquals(FAILED, auth(c, "SCRAM-SHA-256",
                    client("SCRAM-SHA-256", "nobody@example.org", TestSmtpServer.PASSWORD).build(), true));
        }
    }

    @Test
    void aPlainLoginGivesAnAccountCreatedWithoutScramKeysItsKeys() throws Exception {
        Account carol = server.store().accounts().createAccount("carol@example.org",
                new org.tegami.auth.PasswordHasher(new org.tegami.auth.PasswordHasher.Cost(64, 1, 1),
                        new java.security.SecureRandom()).hash("carol's password"), List.of());
        try (SmtpTestClient c = greeted(TestSmtpServer.Port.SUBMISSIONS)) {
            assertEquals(FAILED, auth(c, "SCRAM-SHA-256",
                    client("SCRAM-SHA-256", "carol@example.org", "carol's password").build(), true));
            assertEquals("235 2.7.0 Authentication successful",
                    c.command("AUTH PLAIN " + SmtpTestClient.plain("carol@example.org", "carol's password")));
        }
        assertTrue(server.store().scram().find(carol.id(), ScramHash.SHA_256).isPresent());
        try (SmtpTestClient c = greeted(TestSmtpServer.Port.SUBMISSIONS)) {
            assertEquals("235 2.7.0 Authentication successful", auth(c, "SCRAM-SHA-256",
                    client("SCRAM-SHA-256", "carol@example.org", "carol's password").build(), true));
        }
    }
}
