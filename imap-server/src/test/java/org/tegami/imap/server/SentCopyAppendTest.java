package org.tegami.imap.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.util.SelfSignedCertificate;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.tegami.auth.LoginThrottle;
import org.tegami.auth.SaslMechanisms;
import org.tegami.imap.server.command.AppendHandler;
import org.tegami.smtp.server.SmtpListener;
import org.tegami.smtp.server.SmtpMode;
import org.tegami.smtp.server.SmtpServer;
import org.tegami.smtp.server.SmtpSettings;
import org.tegami.smtp.server.delivery.LocalDelivery;
import org.tegami.smtp.server.delivery.MailRouter;
import org.tegami.smtp.server.delivery.RecipientResolver;
import org.tegami.smtp.server.delivery.SentCopy;
import org.tegami.store.AccountId;
import org.tegami.store.Flags;
import org.tegami.store.Mailbox;
import org.tegami.store.NewMessage;
import org.tegami.store.sqlite.SqliteMailStore;

/**
 * The sent copy end to end: a message submitted over SMTP is filed in Sent by the server, and the client's
 * APPEND of the same bytes to Sent over IMAP answers with that copy's UID instead of storing a second one.
 * SMTP and IMAP share one store, as in the server.
 */
class SentCopyAppendTest {

    private static final String MESSAGE = "From: Alice <alice@example.org>\r\n"
            + "To: Bob <bob@example.org>\r\n"
            + "Subject: minutes\r\n"
            + "Date: Wed, 1 May 2024 12:00:00 +0200\r\n"
            + "Message-ID: <minutes-1@example.org>\r\n"
            + "\r\n"
            + "The minutes are attached in spirit.\r\n";

    private TestImapServer imap;
    private SmtpServer smtp;
    private InetSocketAddress submissions;
    private AccountId alice;
    private Mailbox sent;

    @BeforeEach
    void start() throws Exception {
        imap = new TestImapServer();
        var store = imap.store();
        alice = store.accounts().findAccount(TestImapServer.USER).orElseThrow().id();
        sent = store.mailboxes().findMailbox(alice, "Sent").orElseThrow();
        SelfSignedCertificate certificate = new SelfSignedCertificate("localhost");
        SslContext ssl = SslContextBuilder.forServer(certificate.certificate(), certificate.privateKey()).build();
        LoginThrottle throttle = new LoginThrottle(TestImapServer.TINY_THROTTLE, Clock.systemUTC());
        smtp = new SmtpServer(SmtpSettings.defaults("mail.example.org"),
                SaslMechanisms.standard(store, TestImapServer.authenticator(store, throttle), new SecureRandom()),
                throttle, ssl,
                new RecipientResolver(store.accounts()),
                new MailRouter(new LocalDelivery(store), store.queue(), () -> { }), new SentCopy(store));
        submissions = smtp.listen(new SmtpListener("submissions", new InetSocketAddress("127.0.0.1", 0),
                SmtpMode.SUBMISSION, true));
    }

    @AfterEach
    void stop() {
        smtp.close();
        imap.close();
    }

    @Test
    void appendingTheSubmittedMessageToSentGivesTheFiledCopysUidAndNoDuplicate() throws IOException {
        imap.store().accounts().setSentCopy(alice, true);
        submit(MESSAGE);
        assertEquals(1, messagesIn(sent));

        try (ImapTestClient c = login()) {
            List<String> append = append(c, "a1", "Sent", "(\\Seen $Filed)", MESSAGE);
            assertEquals("a1 OK [APPENDUID " + sent.uidValidity().value() + " 1] APPEND completed", append.getLast());
            assertEquals("* STATUS Sent (MESSAGES 1 UIDNEXT 2)",
                    c.command("s", "STATUS Sent (MESSAGES UIDNEXT)").getFirst());
            c.command("x", "EXAMINE Sent");
            assertEquals("* 1 FETCH (UID 1 FLAGS ($Filed \\Seen \\Recent))", c.command("f", "FETCH 1 (UID FLAGS)").getFirst(),
                    "the flags the APPEND asked for are on the copy");
        }
    }

    @Test
    void withoutAMessageIdFromTheClientTheCopiesDifferAndBothStay() throws IOException {
        imap.store().accounts().setSentCopy(alice, true);
        String bare = MESSAGE.replace("Message-ID: <minutes-1@example.org>\r\n", "");
        submit(bare);

        try (ImapTestClient c = login()) {
            List<String> append = append(c, "a1", "Sent", "(\\Seen)", bare);
            assertEquals("a1 OK [APPENDUID " + sent.uidValidity().value() + " 2] APPEND completed", append.getLast(),
                    "the server's copy carries the Message-ID it added; the client's does not");
        }
        assertEquals(2, messagesIn(sent));
    }

    @Test
    void differentBytesAreAppended() throws IOException {
        imap.store().accounts().setSentCopy(alice, true);
        file(sent, MESSAGE, Clock.systemUTC());
        try (ImapTestClient c = login()) {
            List<String> append = append(c, "a1", "Sent", "", MESSAGE + "-- \r\nAlice\r\n");
            assertTrue(append.getLast().startsWith("a1 OK [APPENDUID " + sent.uidValidity().value() + " 2]"),
                    append.toString());
        }
        assertEquals(2, messagesIn(sent));
    }

    @Test
    void withTheSentCopyOffTheAppendIsStored() throws IOException {
        file(sent, MESSAGE, Clock.systemUTC());
        try (ImapTestClient c = login()) {
            assertTrue(append(c, "a1", "Sent", "", MESSAGE).getLast().startsWith("a1 OK [APPENDUID "
                    + sent.uidValidity().value() + " 2]"));
        }
    }

    @Test
    void aCopyFiledBeforeTheWindowDoesNotAnswerTheAppend() throws IOException {
        imap.store().accounts().setSentCopy(alice, true);
        Instant longAgo = Instant.now().minus(AppendHandler.SENT_COPY_WINDOW).minus(Duration.ofMinutes(1));
        file(sent, MESSAGE, Clock.fixed(longAgo, ZoneOffset.UTC));
        try (ImapTestClient c = login()) {
            assertTrue(append(c, "a1", "Sent", "", MESSAGE).getLast().startsWith("a1 OK [APPENDUID "
                    + sent.uidValidity().value() + " 2]"));
        }
    }

    @Test
    void onlyTheSentMailboxIsLookedAt() throws IOException {
        imap.store().accounts().setSentCopy(alice, true);
        Mailbox drafts = imap.store().mailboxes().findMailbox(alice, "Drafts").orElseThrow();
        file(drafts, MESSAGE, Clock.systemUTC());
        try (ImapTestClient c = login()) {
            assertTrue(append(c, "a1", "Drafts", "", MESSAGE).getLast().startsWith("a1 OK [APPENDUID "
                    + drafts.uidValidity().value() + " 2]"));
        }
    }

    @Test
    void aMultiappendIsStoredAsGiven() throws IOException {
        imap.store().accounts().setSentCopy(alice, true);
        file(sent, MESSAGE, Clock.systemUTC());
        byte[] bytes = MESSAGE.getBytes(StandardCharsets.UTF_8);
        try (ImapTestClient c = login()) {
            c.sendRaw(("a1 APPEND Sent {" + bytes.length + "+}\r\n" + MESSAGE + " {" + bytes.length + "+}\r\n"
                    + MESSAGE + "\r\n").getBytes(StandardCharsets.UTF_8));
            assertEquals("a1 OK [APPENDUID " + sent.uidValidity().value() + " 2:3] APPEND completed",
                    c.readUntilTagged("a1").getLast());
        }
    }

    /** Files a message as the server would, through a second handle on the same data whose clock dates it. */
    private void file(Mailbox mailbox, String message, Clock clock) {
        try (SqliteMailStore other = SqliteMailStore.open(imap.dataDir(), clock)) {
            other.messages().append(mailbox.id(), List.of(new NewMessage(message.getBytes(StandardCharsets.UTF_8),
                    Flags.of(Flags.SEEN), clock.instant())));
        }
    }

    private int messagesIn(Mailbox mailbox) {
        return imap.store().messages().snapshot(mailbox.id()).messages().size();
    }

    private ImapTestClient login() throws IOException {
        ImapTestClient c = ImapTestClient.tls(imap.implicitTlsAddress());
        c.readLine();
        List<String> ok = c.command("l", "LOGIN " + TestImapServer.USER + " \"" + TestImapServer.PASSWORD + "\"");
        assertTrue(ok.getLast().startsWith("l OK"), ok.toString());
        return c;
    }

    /** APPEND with a non-synchronising literal (RFC 7888); {@code flags} is a list or empty. */
    private static List<String> append(ImapTestClient c, String tag, String mailbox, String flags, String message)
            throws IOException {
        byte[] bytes = message.getBytes(StandardCharsets.UTF_8);
        String head = tag + " APPEND " + mailbox + (flags.isEmpty() ? "" : " " + flags) + " {" + bytes.length + "+}\r\n";
        c.sendRaw(head.getBytes(StandardCharsets.US_ASCII));
        c.sendRaw(bytes);
        c.send("");
        return c.readUntilTagged(tag);
    }

    /** Submits {@code message} from alice to bob over implicit TLS with AUTH PLAIN, expecting 250 for it. */
    private void submit(String message) throws IOException {
        try (SSLSocket socket = (SSLSocket) ImapTestClient.trustAll().getSocketFactory()
                .createSocket(submissions.getHostString(), submissions.getPort())) {
            socket.setSoTimeout(5_000);
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(),
                    StandardCharsets.UTF_8));
            OutputStream out = socket.getOutputStream();
            expect(in, "220");
            String auth = Base64.getEncoder().encodeToString(("\0" + TestImapServer.USER + "\0"
                    + TestImapServer.PASSWORD).getBytes(StandardCharsets.UTF_8));
            for (String[] step : new String[][] {{"EHLO client.example.net", "250"}, {"AUTH PLAIN " + auth, "235"},
                    {"MAIL FROM:<alice@example.org>", "250"}, {"RCPT TO:<bob@example.org>", "250"}, {"DATA", "354"},
                    {message + ".", "250"}, {"QUIT", "221"}}) {
                out.write((step[0] + "\r\n").getBytes(StandardCharsets.UTF_8));
                out.flush();
                expect(in, step[1]);
            }
        }
    }

    /** Reads one reply, multi-line or not (RFC 5321 §4.2.1), and checks its code. */
    private static void expect(BufferedReader in, String code) throws IOException {
        String line;
        do {
            line = in.readLine();
            if (line == null) {
                throw new IOException("connection closed while waiting for " + code);
            }
        } while (line.length() > 3 && line.charAt(3) == '-');
        assertTrue(line.startsWith(code), "expected " + code + ", got " + line);
    }
}
