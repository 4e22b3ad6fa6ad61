package org.tegami.smtp.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.tegami.store.MessageRecord;

/** Inbound mail on the MX port: no relaying, no AUTH, local recipients through accounts, aliases and catch-alls. */
@Timeout(20)
class MxTest {

    private TestSmtpServer server;

    @BeforeEach
    void start() {
        server = new TestSmtpServer();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private SmtpTestClient connect() throws Exception {
        SmtpTestClient c = SmtpTestClient.plain(server.address(TestSmtpServer.Port.MX));
        assertTrue(c.last().startsWith("220 mail.example.org ESMTP"));
        return c;
    }

    /** Sends one message over an open, greeted session and returns the reply to its end of data. */
    private static String send(SmtpTestClient c, String from, List<String> to, String message) throws Exception {
        assertEquals("250 2.1.0 Sender OK", c.command("MAIL FROM:<" + from + ">"));
        for (String rcpt : to) {
            assertEquals("250 2.1.5 Recipient OK", c.command("RCPT TO:<" + rcpt + ">"));
        }
        assertTrue(c.command("DATA").startsWith("354"));
        c.sendRaw((message + ".\r\n").getBytes(StandardCharsets.UTF_8));
        return c.last();
    }

    private static final String MESSAGE = "From: Carol <carol@remote.example>\r\nTo: bob@example.org\r\n"
            + "Subject: inbound\r\n\r\nHello Bob.\r\n";

    @Test
    void relayingToARemoteDomainIsRefusedAndNothingIsQueued() throws Exception {
        try (SmtpTestClient c = connect()) {
            c.ehlo("relay.example.net");
            assertEquals("250 2.1.0 Sender OK", c.command("MAIL FROM:<carol@remote.example>"));
            // RFC 5321 §3.6.2 and §7.1: an MX is not an open relay.
            assertEquals("554 5.7.1 Relay access denied", c.command("RCPT TO:<victim@elsewhere.example>"));
            assertTrue(c.command("DATA").startsWith("554 5.5.1"));
            assertEquals("250 2.0.0 OK", c.command("RSET"));
        }
        assertEquals(List.of(), server.store().queue().list());
        assertEquals(0, server.outboundWakeups());
    }

    @Test
    void anUnknownLocalUserIsRefused() throws Exception {
        try (SmtpTestClient c = connect()) {
            c.ehlo("relay.example.net");
            c.command("MAIL FROM:<carol@remote.example>");
            assertEquals("550 5.1.1 No such user here", c.command("RCPT TO:<nobody@example.org>"));
            assertEquals("550 5.1.1 No such user here", c.command("RCPT TO:<Nobody@EXAMPLE.org>"));
        }
    }

    @Test
    void authIsNeitherOfferedNorAcceptedOnTheMxPort() throws Exception {
        try (SmtpTestClient c = connect()) {
            List<String> ehlo = c.ehlo("relay.example.net");
            assertTrue(ehlo.stream().noneMatch(l -> l.contains("AUTH")), ehlo.toString());
            assertTrue(ehlo.contains("250-STARTTLS"), ehlo.toString());
            assertEquals("503 5.5.1 AUTH is not available on this port",
                    c.command("AUTH PLAIN " + SmtpTestClient.plain(TestSmtpServer.USER, TestSmtpServer.PASSWORD)));
            // Not under TLS either.
            assertEquals("220 2.0.0 Ready to start TLS", c.command("STARTTLS"));
            c.startTls();
            ehlo = c.ehlo("relay.example.net");
            assertTrue(ehlo.stream().noneMatch(l -> l.contains("AUTH")), ehlo.toString());
            assertEquals("503 5.5.1 AUTH is not available on this port",
                    c.command("AUTH PLAIN " + SmtpTestClient.plain(TestSmtpServer.USER, TestSmtpServer.PASSWORD)));
            assertEquals("503 5.5.1 AUTH is not available on this port", c.command("AUTH LOGIN"));
        }
    }

    @Test
    void startTlsCommandInjectionIsNotExecuted() throws Exception {
        try (SmtpTestClient c = connect()) {
            c.ehlo("relay.example.net");
            // RFC 3207 §4.2 (CVE-2011-0411): what was pipelined after STARTTLS in cleartext is never executed.
            c.sendRaw("STARTTLS\r\nRSET\r\n".getBytes(StandardCharsets.US_ASCII));
            assertEquals("220 2.0.0 Ready to start TLS", c.last());
            c.startTls();
            List<String> ehlo = c.ehlo("relay.example.net");
            assertTrue(ehlo.getFirst().startsWith("250-mail.example.org greets"), ehlo.toString());
            assertEquals("250 2.0.0 OK", c.command("NOOP"));
        }
    }

    @Test
    void startTlsWithTrailingSpaceStillDiscardsWhatFollows() throws Exception {
        try (SmtpTestClient c = connect()) {
            c.ehlo("relay.example.net");
            // The parser accepts trailing spaces, so this STARTTLS starts TLS too and must discard the same way.
            c.sendRaw("STARTTLS \r\nHELP\r\n".getBytes(StandardCharsets.US_ASCII));
            assertEquals("220 2.0.0 Ready to start TLS", c.last());
            c.startTls();
            List<String> ehlo = c.ehlo("relay.example.net");
            assertTrue(ehlo.getFirst().startsWith("250-mail.example.org greets"), ehlo.toString());
        }
    }

    @Test
    void aMessageIsDeliveredWithReturnPathAndReceivedHeaders() throws Exception {
        try (SmtpTestClient c = connect()) {
            c.ehlo("relay.example.net");
            assertTrue(send(c, "carol@remote.example", List.of("bob@example.org"), MESSAGE).startsWith("250 2.0.0"));
        }
        String stored = server.onlyMessage(TestSmtpServer.OTHER_USER);
        assertTrue(stored.endsWith(MESSAGE), stored);
        String trace = stored.substring(0, stored.length() - MESSAGE.length());
        // RFC 5321 §4.4: Return-Path first, then "Received: from <helo> (<address-literal>) by <host> with
        // <protocol> id <id> for <rcpt>; <date-time>", folded with CRLF and a tab; RFC 3848 protocol keyword.
        Pattern received = Pattern.compile("Return-Path: <carol@remote\\.example>\r\n"
                + "Received: from relay\\.example\\.net \\(\\[127\\.0\\.0\\.1]\\)\r\n"
                + "\tby mail\\.example\\.org \\(Tegami\\) with ESMTP id S[0-9a-z]+\r\n"
                + "\tfor <bob@example\\.org>; "
                + "(Mon|Tue|Wed|Thu|Fri|Sat|Sun), [0-9]{1,2} [A-Z][a-z]{2} [0-9]{4} [0-9]{2}:[0-9]{2}:[0-9]{2} [+-][0-9]{4}\r\n");
        assertTrue(received.matcher(trace).matches(), trace);
    }

    @Test
    void receivedSaysEsmtpsAfterStartTlsAndSmtpAfterHelo() throws Exception {
        try (SmtpTestClient c = connect()) {
            c.command("HELO old.example.net");
            assertTrue(send(c, "carol@remote.example", List.of("bob@example.org"), MESSAGE).startsWith("250 2.0.0"));
            c.ehlo("relay.example.net");
            c.command("STARTTLS");
            c.startTls();
            c.ehlo("relay.example.net");
            assertTrue(send(c, "carol@remote.example", List.of("bob@example.org"), MESSAGE).startsWith("250 2.0.0"));
        }
        List<MessageRecord> inbox = server.inbox(TestSmtpServer.OTHER_USER);
        assertEquals(2, inbox.size());
        String first = new String(server.content(inbox.get(0)), StandardCharsets.UTF_8);
        String second = new String(server.content(inbox.get(1)), StandardCharsets.UTF_8);
        assertTrue(first.contains("Received: from old.example.net ([127.0.0.1])\r\n\tby mail.example.org (Tegami) with SMTP id"), first);
        assertTrue(second.contains(" with ESMTPS id"), second);
    }

    @Test
    void twoLocalRecipientsShareOneStoredCopy() throws Exception {
        try (SmtpTestClient c = connect()) {
            c.ehlo("relay.example.net");
            assertTrue(send(c, "carol@remote.example", List.of("alice@example.org", "bob@example.org"), MESSAGE)
                    .startsWith("250 2.0.0"));
        }
        MessageRecord alice = server.inbox(TestSmtpServer.USER).getFirst();
        MessageRecord bob = server.inbox(TestSmtpServer.OTHER_USER).getFirst();
        assertEquals(alice.content(), bob.content());
        String stored = new String(server.content(bob), StandardCharsets.UTF_8);
        // Several recipients: the Received header names none of them (RFC 5321 §7.2).
        assertTrue(!stored.contains("\tfor <"), stored);
        assertTrue(stored.endsWith(MESSAGE), stored);
    }

    @Test
    void anAliasDeliversToItsTargets() throws Exception {
        server.store().accounts().putAlias("team@example.org", List.of("alice@example.org", "bob@example.org"));
        server.store().accounts().putAlias("info@example.org", List.of("team@example.org"));
        try (SmtpTestClient c = connect()) {
            c.ehlo("relay.example.net");
            assertTrue(send(c, "carol@remote.example", List.of("Info@Example.org"), MESSAGE).startsWith("250 2.0.0"));
        }
        assertTrue(server.onlyMessage(TestSmtpServer.USER).endsWith(MESSAGE));
        assertTrue(server.onlyMessage(TestSmtpServer.OTHER_USER).endsWith(MESSAGE));
        assertEquals(List.of(), server.store().queue().list());
    }

    @Test
    void aCatchAllTakesUnknownLocalAddressesButNotAccounts() throws Exception {
        server.store().accounts().putAlias("@example.org", List.of("bob@example.org"));
        try (SmtpTestClient c = connect()) {
            c.ehlo("relay.example.net");
            assertTrue(send(c, "carol@remote.example", List.of("anything@example.org"), MESSAGE).startsWith("250 2.0.0"));
            assertTrue(send(c, "carol@remote.example", List.of("alice@example.org"), MESSAGE).startsWith("250 2.0.0"));
        }
        assertTrue(server.onlyMessage(TestSmtpServer.OTHER_USER).contains("for <anything@example.org>"));
        assertTrue(server.onlyMessage(TestSmtpServer.USER).contains("for <alice@example.org>"));
    }

    @Test
    void aliasLoopsTerminate() throws Exception {
        server.store().accounts().putAlias("ping@example.org", List.of("pong@example.org"));
        server.store().accounts().putAlias("pong@example.org", List.of("ping@example.org"));
        server.store().accounts().putAlias("loop@example.org", List.of("loop@example.org", "bob@example.org"));
        try (SmtpTestClient c = connect()) {
            c.ehlo("relay.example.net");
            c.command("MAIL FROM:<carol@remote.example>");
            // A cycle that reaches no mailbox is an unknown address; one that does delivers once.
            assertEquals("550 5.1.1 No such user here", c.command("RCPT TO:<ping@example.org>"));
            assertEquals("250 2.1.5 Recipient OK", c.command("RCPT TO:<loop@example.org>"));
            assertTrue(c.command("DATA").startsWith("354"));
            c.sendRaw((MESSAGE + ".\r\n").getBytes(StandardCharsets.UTF_8));
            assertTrue(c.last().startsWith("250 2.0.0"));
        }
        assertTrue(server.onlyMessage(TestSmtpServer.OTHER_USER).endsWith(MESSAGE));
    }

    @Test
    void anAliasToARemoteAddressIsQueuedWithTheOriginalRecipient() throws Exception {
        server.store().accounts().putAlias("fwd@example.org", List.of("dave@remote.example", "bob@example.org"));
        try (SmtpTestClient c = connect()) {
            c.ehlo("relay.example.net");
            assertTrue(send(c, "carol@remote.example", List.of("fwd@example.org"), MESSAGE).startsWith("250 2.0.0"));
        }
        assertTrue(server.onlyMessage(TestSmtpServer.OTHER_USER).endsWith(MESSAGE));
        var queued = server.store().queue().list();
        assertEquals(1, queued.size());
        assertEquals("carol@remote.example", queued.getFirst().sender());
        var recipient = queued.getFirst().recipients().getFirst();
        assertEquals("dave@remote.example", recipient.address());
        // RFC 3461 §4.2: the address the sender used is kept as ORCPT through the expansion.
        assertEquals("rfc822;fwd@example.org", recipient.originalRecipient());
    }
}
