package org.tegami.smtp.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real clients against the real server: Python smtplib, swaks and curl, over implicit TLS (465), STARTTLS
 * (587) and the MX port. Each message is read back from bob's INBOX and compared byte for byte, which also
 * proves the clients' dot-stuffing and our unstuffing agree. A missing program skips its test (fails under CI).
 */
@Timeout(60)
class ExternalSmtpClientsTest {

    private static final Duration CLIENT_TIMEOUT = Duration.ofSeconds(30);

    @TempDir
    Path work;

    private TestSmtpServer server;

    @BeforeEach
    void start() {
        server = new TestSmtpServer();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    /** A message that needs no header added on submission, with a line the client must dot-stuff. */
    private static String message(String subject) {
        return "From: Alice <alice@example.org>\r\nTo: Bob <bob@example.org>\r\nSubject: " + subject + "\r\n"
                + "Date: Tue, 2 Jan 2024 10:00:00 +0000\r\nMessage-ID: <" + subject.replace(' ', '-')
                + "@example.org>\r\n\r\nHello Bob,\r\n.a line that starts with a dot\r\n..and two\r\nbye\r\n";
    }

    private Path messageFile(String subject) throws Exception {
        Path file = work.resolve("message.eml");
        Files.writeString(file, message(subject), StandardCharsets.US_ASCII);
        return file;
    }

    private void assertDelivered(String subject, String sender, ExternalClients.Result result) {
        assertEquals(0, result.exitCode(), result.both());
        String stored = server.onlyMessage(TestSmtpServer.OTHER_USER);
        assertTrue(stored.startsWith("Return-Path: <" + sender + ">\r\nReceived: from "), stored);
        assertTrue(stored.endsWith("\r\n" + message(subject)), stored + "\n---\n" + result.both());
    }

    private int port(TestSmtpServer.Port port) {
        return server.address(port).getPort();
    }

    // ---- Python smtplib ----

    private static final String PYTHON = """
            import smtplib, ssl, sys, email, email.policy
            mode, port, user, password, path = sys.argv[1:6]
            raw = open(path, 'rb').read()
            context = ssl.create_default_context()
            context.check_hostname = False
            context.verify_mode = ssl.CERT_NONE
            if mode == 'ssl':
                client = smtplib.SMTP_SSL('127.0.0.1', int(port), context=context, timeout=20)
            else:
                client = smtplib.SMTP('127.0.0.1', int(port), timeout=20)
                client.ehlo()
                client.starttls(context=context)
            client.ehlo()
            client.login(user, password)
            if mode == 'ssl':
                client.send_message(email.message_from_bytes(raw, policy=email.policy.SMTP))
            else:
                refused = client.sendmail(user, ['bob@example.org'], raw)
                assert not refused, refused
            client.quit()
            """;

    private ExternalClients.Result python(String mode, TestSmtpServer.Port port, String subject) throws Exception {
        ExternalClients.require("python3");
        Path script = work.resolve("send.py");
        Files.writeString(script, PYTHON);
        return ExternalClients.run(List.of("python3", script.toString(), mode, String.valueOf(port(port)),
                TestSmtpServer.USER, TestSmtpServer.PASSWORD, messageFile(subject).toString()), work, CLIENT_TIMEOUT);
    }

    @Test
    void pythonSmtplibOverImplicitTlsWithSendMessage() throws Exception {
        assertDelivered("python ssl", TestSmtpServer.USER, python("ssl", TestSmtpServer.Port.SUBMISSIONS, "python ssl"));
    }

    @Test
    void pythonSmtplibWithStartTls() throws Exception {
        assertDelivered("python starttls", TestSmtpServer.USER,
                python("starttls", TestSmtpServer.Port.SUBMISSION, "python starttls"));
    }

    // ---- swaks ----

    private ExternalClients.Result swaks(TestSmtpServer.Port port, String subject, String... options) throws Exception {
        ExternalClients.require("swaks");
        // swaks ends the data with CRLF "." CRLF of its own, so the file leaves out the message's last CRLF.
        Path file = work.resolve("swaks.eml");
        String text = message(subject);
        Files.writeString(file, text.substring(0, text.length() - 2), StandardCharsets.US_ASCII);
        List<String> command = new ArrayList<>(List.of("swaks", "--server", "127.0.0.1", "--port",
                String.valueOf(port(port)), "--helo", "swaks.example.net", "--to", "bob@example.org",
                "--data", file.toString(), "--timeout", "20"));
        command.addAll(List.of(options));
        return ExternalClients.run(command, work, CLIENT_TIMEOUT);
    }

    @Test
    void swaksAuthPlainOverImplicitTls() throws Exception {
        assertDelivered("swaks plain", TestSmtpServer.USER, swaks(TestSmtpServer.Port.SUBMISSIONS, "swaks plain",
                "--tls-on-connect", "--from", TestSmtpServer.USER, "--auth", "PLAIN",
                "--auth-user", TestSmtpServer.USER, "--auth-password", TestSmtpServer.PASSWORD));
    }

    @Test
    void swaksAuthLoginWithStartTlsAndPipelining() throws Exception {
        ExternalClients.Result result = swaks(TestSmtpServer.Port.SUBMISSION, "swaks login", "--tls", "--pipeline",
                "--from", TestSmtpServer.USER, "--auth", "LOGIN",
                "--auth-user", TestSmtpServer.USER, "--auth-password", TestSmtpServer.PASSWORD);
        assertDelivered("swaks login", TestSmtpServer.USER, result);
        assertTrue(result.stdout().contains("STARTTLS") && result.stdout().contains("AUTH LOGIN"), result.both());
    }

    @Test
    void swaksPipelinesToTheMxPort() throws Exception {
        ExternalClients.Result result = swaks(TestSmtpServer.Port.MX, "swaks mx", "--pipeline",
                "--from", "carol@remote.example");
        assertDelivered("swaks mx", "carol@remote.example", result);
        // PIPELINING (RFC 2920): MAIL and RCPT went in one write, so their replies came back together.
        assertTrue(result.stdout().contains("PIPELINING"), result.both());
    }

    @Test
    void swaksIsRefusedWhenRelayingThroughTheMxPort() throws Exception {
        ExternalClients.Result result = swaks(TestSmtpServer.Port.MX, "swaks relay", "--from", "carol@remote.example",
                "--to", "victim@elsewhere.example");
        assertTrue(result.exitCode() != 0, result.both());
        assertTrue(result.stdout().contains("554 5.7.1"), result.both());
        assertEquals(List.of(), server.store().queue().list());
    }

    // ---- curl ----

    private ExternalClients.Result curl(String url, String subject, String... options) throws Exception {
        ExternalClients.require("curl");
        List<String> command = new ArrayList<>(List.of("curl", "--silent", "--show-error", "--max-time", "20",
                "--insecure", url, "--user", TestSmtpServer.USER + ":" + TestSmtpServer.PASSWORD,
                "--mail-from", TestSmtpServer.USER, "--mail-rcpt", TestSmtpServer.OTHER_USER,
                "--upload-file", messageFile(subject).toString()));
        command.addAll(List.of(options));
        return ExternalClients.run(command, work, CLIENT_TIMEOUT);
    }

    @Test
    void curlOverImplicitTls() throws Exception {
        assertDelivered("curl smtps", TestSmtpServer.USER,
                curl("smtps://127.0.0.1:" + port(TestSmtpServer.Port.SUBMISSIONS), "curl smtps"));
    }

    @Test
    void curlWithRequiredStartTls() throws Exception {
        assertDelivered("curl starttls", TestSmtpServer.USER,
                curl("smtp://127.0.0.1:" + port(TestSmtpServer.Port.SUBMISSION), "curl starttls", "--ssl-reqd"));
    }
}
