package org.tegami.smtp.server;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.tegami.store.AccountId;
import org.tegami.store.Flags;
import org.tegami.store.MessageRecord;

/** The sent copy: a submission accepted with 250 is filed into the sender's Sent mailbox when the account wants it. */
class SentCopyTest {

    private static final String MESSAGE = "From: Alice <alice@example.org>\r\n"
            + "To: Bob <bob@example.org>\r\n"
            + "Subject: minutes\r\n"
            + "Date: Wed, 1 May 2024 12:00:00 +0200\r\n"
            + "Message-ID: <minutes-1@example.org>\r\n"
            + "\r\n"
            + "The minutes are attached in spirit.\r\n";

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

    /** Submits {@code message} as alice to bob and returns the final reply to the data. */
    private String submit(String message) throws IOException {
        try (SmtpTestClient c = SmtpTestClient.authenticated(server.address(TestSmtpServer.Port.SUBMISSIONS),
                TestSmtpServer.USER, TestSmtpServer.PASSWORD)) {
            assertEquals("250 2.1.0 Sender OK", c.command("MAIL FROM:<alice@example.org>"));
            assertEquals("250 2.1.5 Recipient OK", c.command("RCPT TO:<bob@example.org>"));
            assertTrue(c.command("DATA").startsWith("354"));
            c.sendRaw((message + ".\r\n").getBytes(StandardCharsets.UTF_8));
            return c.last();
        }
    }

    private List<MessageRecord> sent() {
        return server.messages(TestSmtpServer.USER, "Sent");
    }

    @Test
    void aSubmissionIsFiledSeenInSentWithExactlyTheSubmittedBytes() throws IOException {
        server.store().accounts().setSentCopy(alice, true);
        assertTrue(submit(MESSAGE).startsWith("250 2.0.0"));

        List<MessageRecord> sent = sent();
        assertEquals(1, sent.size());
        assertEquals(Flags.of(Flags.SEEN), sent.getFirst().flags());
        assertArrayEquals(MESSAGE.getBytes(StandardCharsets.UTF_8), server.content(sent.getFirst()),
                "no Received, no Return-Path: the bytes a client would APPEND");
        String delivered = server.onlyMessage(TestSmtpServer.OTHER_USER);
        assertTrue(delivered.startsWith("Return-Path: <alice@example.org>\r\nReceived: "), delivered);
        assertTrue(delivered.endsWith(MESSAGE), delivered);
        assertTrue(server.inbox(TestSmtpServer.USER).isEmpty());
    }

    @Test
    void theCopyCarriesTheDateAndMessageIdTheServerAdded() throws IOException {
        server.store().accounts().setSentCopy(alice, true);
        String bare = "From: alice@example.org\r\nTo: bob@example.org\r\nSubject: quick\r\n\r\nhi\r\n";
        assertTrue(submit(bare).startsWith("250 2.0.0"));

        String copy = new String(server.content(sent().getFirst()), StandardCharsets.UTF_8);
        assertTrue(copy.startsWith("Date: "), copy);
        assertTrue(copy.contains("\r\nMessage-ID: <") && copy.endsWith("\r\n" + bare), copy);
        assertTrue(!copy.contains("Received:"), copy);
        String delivered = server.onlyMessage(TestSmtpServer.OTHER_USER);
        assertTrue(delivered.endsWith(copy), "the recipient got the same completed message: " + delivered);
    }

    @Test
    void withTheSettingOffNothingIsFiled() throws IOException {
        assertTrue(submit(MESSAGE).startsWith("250 2.0.0"));
        assertTrue(sent().isEmpty());
        assertEquals(1, server.inbox(TestSmtpServer.OTHER_USER).size());
    }

    @Test
    void theSettingIsPerAccount() throws IOException {
        AccountId bob = server.store().accounts().findAccount(TestSmtpServer.OTHER_USER).orElseThrow().id();
        server.store().accounts().setSentCopy(bob, true);
        assertTrue(submit(MESSAGE).startsWith("250 2.0.0"));
        assertTrue(sent().isEmpty());
        assertTrue(server.messages(TestSmtpServer.OTHER_USER, "Sent").isEmpty(), "bob only received it");
    }

    @Test
    void aRefusedSubmissionIsNotFiled() throws IOException {
        server.store().accounts().setSentCopy(alice, true);
        String forged = MESSAGE.replace("From: Alice <alice@example.org>", "From: Mallory <mallory@example.org>");
        assertTrue(submit(forged).startsWith("553 5.7.1"));
        assertTrue(sent().isEmpty());
    }

    @Test
    void mailArrivingOverMxFromALocalAddressIsNotFiled() throws IOException {
        server.store().accounts().setSentCopy(alice, true);
        try (SmtpTestClient c = SmtpTestClient.plain(server.address(TestSmtpServer.Port.MX))) {
            c.last();
            c.ehlo("relay.example.net");
            assertEquals("250 2.1.0 Sender OK", c.command("MAIL FROM:<alice@example.org>"));
            assertEquals("250 2.1.5 Recipient OK", c.command("RCPT TO:<bob@example.org>"));
            assertTrue(c.command("DATA").startsWith("354"));
            c.sendRaw((MESSAGE + ".\r\n").getBytes(StandardCharsets.UTF_8));
            assertTrue(c.last().startsWith("250 2.0.0"));
        }
        assertTrue(sent().isEmpty(), "only a submission is the account's own sent mail");
    }

    @Test
    void aMailboxWithTheSentAttributeIsPreferredToOneNamedSent() throws IOException {
        server.store().accounts().setSentCopy(alice, true);
        server.store().mailboxes().renameMailbox(alice, "Sent", "Sent Items");
        server.store().mailboxes().createMailbox(alice, "Sent", Set.of());
        assertTrue(submit(MESSAGE).startsWith("250 2.0.0"));
        assertEquals(1, server.messages(TestSmtpServer.USER, "Sent Items").size());
        assertTrue(sent().isEmpty());
    }

    @Test
    void withoutASentAttributeTheMailboxNamedSentIsUsed() throws IOException {
        server.store().accounts().setSentCopy(alice, true);
        server.store().mailboxes().deleteMailbox(alice, "Sent");
        server.store().mailboxes().createMailbox(alice, "Sent", Set.of());
        assertTrue(submit(MESSAGE).startsWith("250 2.0.0"));
        assertEquals(1, sent().size());
    }

    @Test
    void withoutASentMailboxTheSubmissionStillSucceedsAndNothingIsFiled() throws IOException {
        server.store().accounts().setSentCopy(alice, true);
        server.store().mailboxes().deleteMailbox(alice, "Sent");
        assertTrue(submit(MESSAGE).startsWith("250 2.0.0"));
        assertEquals(List.of("INBOX"), server.store().mailboxes().listMailboxes(alice).stream()
                .map(m -> m.name()).toList());
        assertTrue(server.inbox(TestSmtpServer.USER).isEmpty());
        assertEquals(1, server.inbox(TestSmtpServer.OTHER_USER).size());
    }
}
