package org.tegami.smtp.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.tegami.store.QueueEntry;
import org.tegami.store.QueueRecipient;

/** What a submission server lets an authenticated user send (RFC 6409), and what reaches the queue. */
@Timeout(20)
class SubmissionPolicyTest {

    private TestSmtpServer server;

    @BeforeEach
    void start() {
        server = new TestSmtpServer();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private SmtpTestClient alice() throws Exception {
        return SmtpTestClient.authenticated(server.address(TestSmtpServer.Port.SUBMISSIONS),
                TestSmtpServer.USER, TestSmtpServer.PASSWORD);
    }

    private static String message(String from) {
        return "From: " + from + "\r\nTo: bob@example.org\r\nSubject: s\r\nDate: Mon, 1 Jan 2024 00:00:00 +0000\r\n"
                + "Message-ID: <m1@example.org>\r\n\r\nbody\r\n";
    }

    private static String data(SmtpTestClient c, String message) throws Exception {
        assertTrue(c.command("DATA").startsWith("354"));
        c.sendRaw((message + ".\r\n").getBytes(StandardCharsets.UTF_8));
        return c.last();
    }

    @Test
    void aForgedEnvelopeSenderIsRefused() throws Exception {
        try (SmtpTestClient c = alice()) {
            // RFC 6409 §6.1: the submission server may refuse a sender the user does not own.
            assertTrue(c.command("MAIL FROM:<bob@example.org>").startsWith("553 5.7.1"));
            assertTrue(c.command("MAIL FROM:<>").startsWith("553 5.7.1"));
            assertTrue(c.command("RCPT TO:<bob@example.org>").startsWith("503 5.5.1"));
            assertEquals("250 2.1.0 Sender OK", c.command("MAIL FROM:<Alice@Example.org>"));
        }
        assertEquals(List.of(), server.inbox(TestSmtpServer.OTHER_USER));
    }

    @Test
    void aForgedFromHeaderIsRefusedAndNothingIsDelivered() throws Exception {
        try (SmtpTestClient c = alice()) {
            c.command("MAIL FROM:<alice@example.org>");
            c.command("RCPT TO:<bob@example.org>");
            c.command("RCPT TO:<someone@remote.example>");
            assertTrue(data(c, message("Bob <bob@example.org>")).startsWith("553 5.7.1"));
            // One forged address among several is enough to refuse.
            c.command("MAIL FROM:<alice@example.org>");
            c.command("RCPT TO:<bob@example.org>");
            assertTrue(data(c, message("alice@example.org, bob@example.org")).startsWith("553 5.7.1"));
            assertEquals("250 2.0.0 OK", c.command("NOOP"));
        }
        assertEquals(List.of(), server.inbox(TestSmtpServer.OTHER_USER));
        assertEquals(List.of(), server.store().queue().list());
    }

    @ParameterizedTest
    @ValueSource(strings = {"BOB@EXAMPLE.ORG", "\"alice@example.org\" <bob@example.org>", "Friends: bob@example.org;",
            "=?utf-8?q?Alice?= <bob@example.org>", "alice@example.org (Alice),\r\n bob@example.org"})
    void everySpellingOfAForgedFromIsRefused(String from) throws Exception {
        try (SmtpTestClient c = alice()) {
            c.command("MAIL FROM:<alice@example.org>");
            c.command("RCPT TO:<bob@example.org>");
            assertTrue(data(c, message(from)).startsWith("553 5.7.1"));
        }
        assertEquals(List.of(), server.inbox(TestSmtpServer.OTHER_USER));
    }

    @Test
    void anAliasOfTheUserIsAcceptedAsSender() throws Exception {
        server.store().accounts().putAlias("postmaster@example.org", List.of("alice@example.org"));
        server.store().accounts().putAlias("sales@example.org", List.of("bob@example.org"));
        try (SmtpTestClient c = alice()) {
            assertTrue(c.command("MAIL FROM:<sales@example.org>").startsWith("553 5.7.1"));
            assertEquals("250 2.1.0 Sender OK", c.command("MAIL FROM:<postmaster@example.org>"));
            assertEquals("250 2.1.5 Recipient OK", c.command("RCPT TO:<bob@example.org>"));
            assertTrue(data(c, message("Postmaster <postmaster@example.org>")).startsWith("250 2.0.0"));
        }
        String stored = server.onlyMessage(TestSmtpServer.OTHER_USER);
        assertTrue(stored.startsWith("Return-Path: <postmaster@example.org>\r\n"), stored);
        assertTrue(stored.endsWith(message("Postmaster <postmaster@example.org>")), stored);
    }

    @Test
    void dsnParametersReachTheQueueEntry() throws Exception {
        try (SmtpTestClient c = alice()) {
            assertEquals("250 2.1.0 Sender OK", c.command("MAIL FROM:<alice@example.org> RET=HDRS ENVID=QQ+2Bid42"));
            assertEquals("250 2.1.5 Recipient OK",
                    c.command("RCPT TO:<dave@remote.example> NOTIFY=SUCCESS,FAILURE ORCPT=rfc822;Dave+40remote.example"));
            assertEquals("250 2.1.5 Recipient OK", c.command("RCPT TO:<erin@remote.example> NOTIFY=NEVER"));
            assertEquals("250 2.1.5 Recipient OK", c.command("RCPT TO:<frank@remote.example>"));
            assertTrue(data(c, message("alice@example.org")).startsWith("250 2.0.0 OK: message accepted as Q"));
            assertEquals("250 2.1.0 Sender OK", c.command("MAIL FROM:<alice@example.org> RET=FULL"));
            assertEquals("250 2.1.5 Recipient OK", c.command("RCPT TO:<dave@remote.example>"));
            assertTrue(data(c, message("alice@example.org")).startsWith("250 2.0.0"));
        }
        List<QueueEntry> queue = server.store().queue().list();
        assertEquals(2, queue.size());
        QueueEntry first = queue.get(0);
        assertEquals("alice@example.org", first.sender());
        // RFC 3461 §4.4: ENVID is xtext on the wire and kept decoded.
        assertEquals("QQ+id42", first.envelopeId());
        assertEquals(false, first.returnFullMessage());
        List<QueueRecipient> recipients = first.recipients();
        assertEquals(List.of("dave@remote.example", "erin@remote.example", "frank@remote.example"),
                recipients.stream().map(QueueRecipient::address).toList());
        assertEquals("FAILURE,SUCCESS", recipients.get(0).notifyConditions());
        assertEquals("rfc822;Dave@remote.example", recipients.get(0).originalRecipient());
        assertEquals("NEVER", recipients.get(1).notifyConditions());
        assertNull(recipients.get(2).notifyConditions());
        assertNull(recipients.get(2).originalRecipient());
        assertTrue(queue.get(1).returnFullMessage());
        assertNull(queue.get(1).envelopeId());
        byte[] queued = server.store().blobs().read(first.content());
        assertTrue(new String(queued, StandardCharsets.UTF_8).endsWith(message("alice@example.org")));
        assertEquals(2, server.outboundWakeups());
    }

    @Test
    void authLoginWorksAndFailedAuthIsRefused() throws Exception {
        try (SmtpTestClient c = SmtpTestClient.tls(server.address(TestSmtpServer.Port.SUBMISSIONS))) {
            c.last();
            c.ehlo("client.example.net");
            assertEquals("535 5.7.8 Authentication credentials invalid",
                    c.command("AUTH PLAIN " + SmtpTestClient.plain(TestSmtpServer.USER, "wrong")));
            assertEquals("334 VXNlcm5hbWU6", c.command("AUTH LOGIN"));
            assertEquals("334 UGFzc3dvcmQ6", c.command(b64(TestSmtpServer.USER)));
            assertEquals("235 2.7.0 Authentication successful", c.command(b64(TestSmtpServer.PASSWORD)));
            // RFC 4954 §4: no second AUTH in a session.
            assertEquals("503 5.5.1 Bad sequence of commands", c.command("AUTH LOGIN"));
        }
    }

    @Test
    void port587RefusesAuthBeforeStartTlsAndDiscardsInjectedCommands() throws Exception {
        try (SmtpTestClient c = SmtpTestClient.plain(server.address(TestSmtpServer.Port.SUBMISSION))) {
            c.last();
            c.ehlo("client");
            assertEquals("530 5.7.0 Must issue a STARTTLS command first", c.command("AUTH LOGIN"));
            c.sendRaw("STARTTLS\r\nRSET\r\n".getBytes(StandardCharsets.US_ASCII));
            assertEquals("220 2.0.0 Ready to start TLS", c.last());
            c.startTls();
            List<String> ehlo = c.ehlo("client");
            assertTrue(ehlo.getFirst().startsWith("250-mail.example.org greets"), ehlo.toString());
        }
    }

    private static String b64(String s) {
        return java.util.Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }
}
