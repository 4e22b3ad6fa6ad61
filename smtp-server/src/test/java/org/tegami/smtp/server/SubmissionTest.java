package org.tegami.smtp.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.tegami.store.Mailbox;
import org.tegami.store.MailboxSnapshot;
import org.tegami.store.MessageRecord;

/** Submission over implicit TLS end to end: AUTH, envelope checks, local delivery and queueing. */
class SubmissionTest {

    private TestSmtpServer server;

    @BeforeEach
    void start() {
        server = new TestSmtpServer();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private static String plain(String user, String password) {
        return Base64.getEncoder().encodeToString(("\0" + user + "\0" + password).getBytes(StandardCharsets.UTF_8));
    }

    private MailboxSnapshot inbox(String address) {
        var account = server.store().accounts().findAccount(address).orElseThrow();
        Mailbox inbox = server.store().mailboxes().findMailbox(account.id(), Mailbox.INBOX).orElseThrow();
        return server.store().messages().snapshot(inbox.id());
    }

    @Test
    void aSubmittedMessageReachesALocalInboxAndARemoteOneIsQueued() throws Exception {
        try (SmtpTestClient c = SmtpTestClient.tls(server.address(TestSmtpServer.Port.SUBMISSIONS))) {
            assertTrue(c.last().startsWith("220 mail.example.org ESMTP"));
            c.send("EHLO client.example.net");
            List<String> ehlo = c.reply();
            assertTrue(ehlo.contains("250-AUTH SCRAM-SHA-256-PLUS SCRAM-SHA-256 SCRAM-SHA-1-PLUS SCRAM-SHA-1 PLAIN LOGIN"), ehlo.toString());
            assertTrue(ehlo.stream().noneMatch(l -> l.contains("STARTTLS")), ehlo.toString());
            assertEquals("530 5.7.0 Authentication required", c.command("MAIL FROM:<alice@example.org>"));
            assertEquals("235 2.7.0 Authentication successful",
                    c.command("AUTH PLAIN " + plain(TestSmtpServer.USER, TestSmtpServer.PASSWORD)));
            assertTrue(c.command("MAIL FROM:<mallory@example.org>").startsWith("553 5.7.1"));
            assertEquals("250 2.1.0 Sender OK", c.command("MAIL FROM:<alice@example.org> SIZE=100"));
            assertEquals("250 2.1.5 Recipient OK", c.command("RCPT TO:<bob@example.org>"));
            assertEquals("250 2.1.5 Recipient OK", c.command("RCPT TO:<someone@remote.example>"));
            assertTrue(c.command("RCPT TO:<nobody@example.org>").startsWith("550 5.1.1"));
            assertTrue(c.command("DATA").startsWith("354"));
            c.sendRaw(("From: Alice <alice@example.org>\r\nTo: bob@example.org\r\nSubject: hi\r\n\r\n"
                    + "..a line that starts with a dot\r\nbye\r\n.\r\n").getBytes(StandardCharsets.US_ASCII));
            assertTrue(c.last().startsWith("250 2.0.0"));
            assertEquals("221 2.0.0 mail.example.org closing connection", c.command("QUIT"));
        }
        MailboxSnapshot bob = inbox(TestSmtpServer.OTHER_USER);
        assertEquals(1, bob.messages().size());
        MessageRecord record = server.store().messages().fetch(bob.mailbox().id(), List.of(bob.messages().getFirst().uid()),
                false).getFirst();
        String stored = new String(server.store().blobs().read(record.content()), StandardCharsets.UTF_8);
        assertTrue(stored.startsWith("Return-Path: <alice@example.org>\r\nReceived: from client.example.net"), stored);
        assertTrue(stored.contains("with ESMTPSA"), stored);
        assertTrue(stored.contains("\r\nMessage-ID: <") && stored.contains("\r\nDate: "), stored);
        assertTrue(stored.endsWith("\r\n.a line that starts with a dot\r\nbye\r\n"), stored);
        assertEquals(1, server.store().queue().list().size());
        assertEquals("someone@remote.example", server.store().queue().list().getFirst().recipients().getFirst().address());
        assertEquals(1, server.outboundWakeups());
    }

    @Test
    void port587RequiresStartTlsBeforeAuth() throws Exception {
        try (SmtpTestClient c = SmtpTestClient.plain(server.address(TestSmtpServer.Port.SUBMISSION))) {
            c.last();
            c.send("EHLO client");
            List<String> ehlo = c.reply();
            assertTrue(ehlo.contains("250-STARTTLS") && ehlo.stream().noneMatch(l -> l.contains("AUTH")), ehlo.toString());
            assertEquals("530 5.7.0 Must issue a STARTTLS command first",
                    c.command("AUTH PLAIN " + plain(TestSmtpServer.USER, TestSmtpServer.PASSWORD)));
            assertEquals("530 5.7.0 Must issue a STARTTLS command first", c.command("MAIL FROM:<alice@example.org>"));
            // Pipelined after STARTTLS in the same packet: must be discarded, never executed.
            c.sendRaw("STARTTLS\r\nRSET\r\n".getBytes(StandardCharsets.US_ASCII));
            assertEquals("220 2.0.0 Ready to start TLS", c.last());
            c.startTls();
            assertEquals("503 5.5.1 Send EHLO first", c.command("MAIL FROM:<alice@example.org>"));
            c.send("EHLO client");
            assertTrue(c.reply().contains("250-AUTH SCRAM-SHA-256-PLUS SCRAM-SHA-256 SCRAM-SHA-1-PLUS SCRAM-SHA-1 PLAIN LOGIN"));
            assertEquals("235 2.7.0 Authentication successful",
                    c.command("AUTH PLAIN " + plain(TestSmtpServer.USER, TestSmtpServer.PASSWORD)));
        }
    }
}
