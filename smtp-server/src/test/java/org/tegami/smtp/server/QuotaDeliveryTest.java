package org.tegami.smtp.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.tegami.store.AccountId;
import org.tegami.store.Quota;

/**
 * Local delivery into an account over its quota (RFC 9208): 552 5.2.2 mailbox full (RFC 3463 §3.3) for that
 * recipient alone, at RCPT when the mailbox is already full or the declared SIZE does not fit, and after DATA
 * when it filled up in between; every other recipient still gets the message.
 */
@Timeout(30)
class QuotaDeliveryTest {

    private static final String MESSAGE = "From: carol@remote.example\r\nSubject: quota\r\n\r\nhello\r\n";

    private TestSmtpServer server;
    private AccountId alice;

    @BeforeEach
    void start() {
        server = new TestSmtpServer();
        alice = server.store().accounts().findAccount(TestSmtpServer.USER).orElseThrow().id();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private void fillAlice() {
        long messages = server.store().accounts().quotaUsage(alice).messages();
        server.store().accounts().setOwnQuota(alice, Optional.of(new Quota(0, Math.max(messages, 1))));
        if (messages == 0) {
            server.store().messages().append(server.store().mailboxes().findMailbox(alice, "INBOX").orElseThrow().id(),
                    java.util.List.of(new org.tegami.store.NewMessage(MESSAGE.getBytes(StandardCharsets.US_ASCII),
                            org.tegami.store.Flags.NONE, java.time.Instant.now())));
        }
    }

    private SmtpTestClient mx() throws Exception {
        SmtpTestClient c = SmtpTestClient.plain(server.address(TestSmtpServer.Port.MX));
        c.last();
        c.send("EHLO client");
        c.reply();
        return c;
    }

    @Test
    void aFullMailboxIsRefusedAtRcptAndTheOtherRecipientGetsTheMessage() throws Exception {
        fillAlice();
        int aliceBefore = server.inbox(TestSmtpServer.USER).size();
        try (SmtpTestClient c = mx()) {
            assertEquals("250 2.1.0 Sender OK", c.command("MAIL FROM:<carol@remote.example>"));
            assertEquals("552 5.2.2 Mailbox full", c.command("RCPT TO:<alice@example.org>"));
            assertEquals("250 2.1.5 Recipient OK", c.command("RCPT TO:<bob@example.org>"));
            assertTrue(c.command("DATA").startsWith("354"));
            c.sendRaw((MESSAGE + ".\r\n").getBytes(StandardCharsets.US_ASCII));
            assertTrue(c.last().startsWith("250 2.0.0"));
        }
        assertEquals(aliceBefore, server.inbox(TestSmtpServer.USER).size());
        assertEquals(1, server.inbox(TestSmtpServer.OTHER_USER).size());
    }

    @Test
    void aDeclaredSizeThatDoesNotFitIsRefusedAtRcptAndOneThatFitsIsAccepted() throws Exception {
        long used = server.store().accounts().quotaUsage(alice).storageBytes();
        server.store().accounts().setOwnQuota(alice, Optional.of(new Quota(used + 1000, 0)));
        try (SmtpTestClient c = mx()) {
            assertEquals("250 2.1.0 Sender OK", c.command("MAIL FROM:<carol@remote.example> SIZE=1001"));
            assertEquals("552 5.2.2 Mailbox full", c.command("RCPT TO:<alice@example.org>"));
            assertEquals("250 2.0.0 OK", c.command("RSET"));
            assertEquals("250 2.1.0 Sender OK", c.command("MAIL FROM:<carol@remote.example> SIZE=1000"));
            assertEquals("250 2.1.5 Recipient OK", c.command("RCPT TO:<alice@example.org>"));
        }
    }

    @Test
    void aMailboxThatFillsUpBeforeTheEndOfDataIsRefusedAfterData() throws Exception {
        try (SmtpTestClient c = mx()) {
            c.command("MAIL FROM:<carol@remote.example>");
            assertEquals("250 2.1.5 Recipient OK", c.command("RCPT TO:<alice@example.org>"));
            fillAlice();
            int before = server.inbox(TestSmtpServer.USER).size();
            assertTrue(c.command("DATA").startsWith("354"));
            c.sendRaw((MESSAGE + ".\r\n").getBytes(StandardCharsets.US_ASCII));
            assertEquals("552 5.2.2 Mailbox full", c.last());
            assertEquals(before, server.inbox(TestSmtpServer.USER).size());
        }
    }

    @Test
    void overLmtpOnlyTheFullRecipientGetsARefusalAfterData() throws Exception {
        try (SmtpTestClient c = SmtpTestClient.plain(server.address(TestSmtpServer.Port.LMTP))) {
            c.last();
            c.send("LHLO client");
            c.reply();
            c.command("MAIL FROM:<carol@remote.example>");
            assertEquals("250 2.1.5 Recipient OK", c.command("RCPT TO:<alice@example.org>"));
            assertEquals("250 2.1.5 Recipient OK", c.command("RCPT TO:<bob@example.org>"));
            fillAlice();
            int before = server.inbox(TestSmtpServer.USER).size();
            assertTrue(c.command("DATA").startsWith("354"));
            c.sendRaw((MESSAGE + ".\r\n").getBytes(StandardCharsets.US_ASCII));
            // RFC 2033 §4.2: one reply per recipient, in RCPT order.
            assertEquals("552 5.2.2 Mailbox full", c.last());
            assertTrue(c.last().startsWith("250 2.0.0"));
            assertEquals(before, server.inbox(TestSmtpServer.USER).size());
        }
        assertEquals(1, server.inbox(TestSmtpServer.OTHER_USER).size());
    }
}
