package org.tegami.smtp.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Angus Mail (Jakarta Mail) as a submission client over implicit TLS (465) and required STARTTLS (587). */
@Timeout(30)
class AngusSmtpTest {

    private static final String RAW = "From: Alice <alice@example.org>\r\nTo: bob@example.org\r\nSubject: angus\r\n"
            + "Date: Tue, 2 Jan 2024 10:00:00 +0000\r\nMessage-ID: <angus-1@example.org>\r\nMIME-Version: 1.0\r\n"
            + "Content-Type: text/plain; charset=us-ascii\r\nContent-Transfer-Encoding: 7bit\r\n\r\n"
            + "Hello Bob,\r\n.a dotted line\r\nbye\r\n";

    private TestSmtpServer server;

    @BeforeEach
    void start() {
        server = new TestSmtpServer();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private static Session session(String protocol, boolean startTls) {
        Properties p = new Properties();
        String prefix = "mail." + protocol + ".";
        p.setProperty(prefix + "auth", "true");
        // The test certificate is self-signed for "localhost" and the server is reached by address.
        p.setProperty(prefix + "ssl.trust", "*");
        p.setProperty(prefix + "ssl.checkserveridentity", "false");
        p.setProperty(prefix + "connectiontimeout", "10000");
        p.setProperty(prefix + "timeout", "10000");
        p.setProperty(prefix + "writetimeout", "10000");
        p.setProperty(prefix + "localhost", "angus.example.net");
        if (startTls) {
            p.setProperty(prefix + "starttls.enable", "true");
            p.setProperty(prefix + "starttls.required", "true");
        }
        return Session.getInstance(p);
    }

    private void send(Session session, String protocol, TestSmtpServer.Port port, String password, MimeMessage message)
            throws MessagingException {
        try (Transport transport = session.getTransport(protocol)) {
            transport.connect("127.0.0.1", server.address(port).getPort(), TestSmtpServer.USER, password);
            transport.sendMessage(message, message.getAllRecipients());
        }
    }

    @Test
    void implicitTlsDeliversTheMessageByteForByte() throws Exception {
        Session session = session("smtps", false);
        MimeMessage message = new MimeMessage(session, new ByteArrayInputStream(RAW.getBytes(StandardCharsets.US_ASCII)));
        send(session, "smtps", TestSmtpServer.Port.SUBMISSIONS, TestSmtpServer.PASSWORD, message);
        String stored = server.onlyMessage(TestSmtpServer.OTHER_USER);
        assertTrue(stored.startsWith("Return-Path: <alice@example.org>\r\nReceived: from angus.example.net"), stored);
        assertTrue(stored.contains(" with ESMTPSA id "), stored);
        assertTrue(stored.endsWith("\r\n" + RAW), stored);
    }

    @Test
    void requiredStartTlsOnTheSubmissionPort() throws Exception {
        Session session = session("smtp", true);
        MimeMessage message = new MimeMessage(session);
        message.setFrom(new InternetAddress(TestSmtpServer.USER));
        message.setRecipients(Message.RecipientType.TO, List.of(new InternetAddress(TestSmtpServer.OTHER_USER),
                new InternetAddress("dave@remote.example")).toArray(new InternetAddress[0]));
        message.setSubject("over STARTTLS");
        message.setText("Hello Bob\r\n.\r\nnot the end\r\n");
        message.saveChanges();
        send(session, "smtp", TestSmtpServer.Port.SUBMISSION, TestSmtpServer.PASSWORD, message);
        String stored = server.onlyMessage(TestSmtpServer.OTHER_USER);
        assertTrue(stored.contains("Subject: over STARTTLS\r\n"), stored);
        assertTrue(stored.contains("\r\n\r\nHello Bob\r\n.\r\nnot the end\r\n"), stored);
        assertEquals("dave@remote.example", server.store().queue().list().getFirst().recipients().getFirst().address());
    }

    @Test
    void aWrongPasswordAndAForgedSenderAreRefused() throws Exception {
        Session session = session("smtps", false);
        MimeMessage message = new MimeMessage(session, new ByteArrayInputStream(RAW.getBytes(StandardCharsets.US_ASCII)));
        assertThrows(jakarta.mail.AuthenticationFailedException.class,
                () -> send(session, "smtps", TestSmtpServer.Port.SUBMISSIONS, "wrong", message));
        message.setFrom(new InternetAddress(TestSmtpServer.OTHER_USER));
        message.saveChanges();
        MessagingException refused = assertThrows(MessagingException.class,
                () -> send(session, "smtps", TestSmtpServer.Port.SUBMISSIONS, TestSmtpServer.PASSWORD, message));
        assertTrue(String.valueOf(refused).contains("553"), String.valueOf(refused));
        assertEquals(List.of(), server.inbox(TestSmtpServer.OTHER_USER));
    }
}
