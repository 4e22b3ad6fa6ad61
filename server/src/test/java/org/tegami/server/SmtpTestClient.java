package org.tegami.server;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import javax.net.ssl.SSLSocket;

/**
 * An SMTP client over implicit TLS that trusts only the certificate whose SHA-256 fingerprint the server
 * printed; it sends one line at a time and reads the whole (multi-line) reply.
 */
final class SmtpTestClient implements AutoCloseable {

    /** A reply: its code and its lines without the code. */
    record SmtpReply(int code, List<String> lines) {
        String text() {
            return code + " " + String.join(" / ", lines);
        }
    }

    private final SSLSocket socket;
    private final BufferedReader in;
    private final OutputStream out;

    private SmtpTestClient(SSLSocket socket) throws IOException {
        this.socket = socket;
        this.in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.ISO_8859_1));
        this.out = socket.getOutputStream();
    }

    /** Connects, checks the 220 greeting. */
    static SmtpTestClient connect(int port, String fingerprint, Duration readTimeout) throws IOException {
        SSLSocket socket = (SSLSocket) RawImapClient.pinning(fingerprint).getSocketFactory()
                .createSocket("127.0.0.1", port);
        try {
            socket.setSoTimeout((int) readTimeout.toMillis());
            SmtpTestClient client = new SmtpTestClient(socket);
            SmtpReply greeting = client.reply();
            if (greeting.code() != 220) {
                throw new IOException("unexpected greeting: " + greeting.text());
            }
            return client;
        } catch (IOException | RuntimeException e) {
            socket.close();
            throw e;
        }
    }

    SmtpReply command(String line) throws IOException {
        out.write((line + "\r\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
        return reply();
    }

    /** EHLO, then AUTH PLAIN (RFC 4616) with the initial response. */
    SmtpReply login(String user, String password) throws IOException {
        SmtpReply ehlo = command("EHLO client.test");
        if (ehlo.code() != 250) {
            throw new IOException("EHLO refused: " + ehlo.text());
        }
        String credentials = Base64.getEncoder()
                .encodeToString(("\0" + user + "\0" + password).getBytes(StandardCharsets.UTF_8));
        return command("AUTH PLAIN " + credentials);
    }

    /** DATA, the message (CRLF lines, dot-stuffed here), and the final dot; returns the reply to the dot. */
    SmtpReply data(String message) throws IOException {
        SmtpReply go = command("DATA");
        if (go.code() != 354) {
            return go;
        }
        StringBuilder stuffed = new StringBuilder();
        for (String line : message.split("\r\n", -1)) {
            stuffed.append(line.startsWith(".") ? "." : "").append(line).append("\r\n");
        }
        out.write(stuffed.toString().getBytes(StandardCharsets.UTF_8));
        return command(".");
    }

    private SmtpReply reply() throws IOException {
        List<String> lines = new ArrayList<>();
        while (true) {
            String line = in.readLine();
            if (line == null) {
                throw new IOException("connection closed by the server after " + lines);
            }
            lines.add(line.length() > 4 ? line.substring(4) : "");
            if (line.length() < 4 || line.charAt(3) != '-') {
                return new SmtpReply(Integer.parseInt(line.substring(0, 3)), lines);
            }
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
