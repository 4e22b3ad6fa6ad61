package org.tegami.server;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

/**
 * An IMAP client that works on bytes, not lines: message literals come back exactly as the server
 * sent them, so a test can compare them with what it appended. It trusts only the certificate whose
 * SHA-256 fingerprint the server printed.
 */
final class RawImapClient implements AutoCloseable {

    private static final Pattern LITERAL_AT_END = Pattern.compile("\\{(\\d+)\\+?}$");

    /** One response line, with the literals it carried in order; {@code text} keeps the {@code {n}} markers. */
    record Response(String text, List<byte[]> literals) {
    }

    /** A command's tagged completion and the untagged responses that came before it. */
    record Completion(String status, String text, List<Response> untagged) {
        boolean ok() {
            return status.equals("OK");
        }
    }

    private final SSLSocket socket;
    private final InputStream in;
    private final OutputStream out;
    private int nextTag = 1;

    private RawImapClient(SSLSocket socket) throws IOException {
        this.socket = socket;
        this.in = new BufferedInputStream(socket.getInputStream(), 64 * 1024);
        this.out = new BufferedOutputStream(socket.getOutputStream(), 64 * 1024);
    }

    /** Connects over implicit TLS and reads the greeting; every read gives up after {@code readTimeout}. */
    static RawImapClient connect(int port, String fingerprint, Duration readTimeout) throws IOException {
        return over((SSLSocket) pinning(fingerprint).getSocketFactory().createSocket("127.0.0.1", port), readTimeout);
    }

    /** Takes over a connected TLS socket (set up as the test wants it) and reads the greeting. */
    static RawImapClient over(SSLSocket socket, Duration readTimeout) throws IOException {
        try {
            socket.setSoTimeout((int) readTimeout.toMillis());
            RawImapClient client = new RawImapClient(socket);
            Response greeting = client.readResponse();
            if (!greeting.text().startsWith("* OK")) {
                throw new IOException("unexpected greeting: " + greeting.text());
            }
            return client;
        } catch (IOException | RuntimeException e) {
            socket.close();
            throw e;
        }
    }

    Completion login(String user, String password) throws IOException {
        return command("LOGIN " + user + " \"" + password + "\"");
    }

    /** Sends one command (without tag) and reads up to its tagged completion. */
    Completion command(String command) throws IOException {
        String tag = tag();
        out.write((tag + " " + command + "\r\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
        return complete(tag, new ArrayList<>());
    }

    /**
     * APPEND with a synchronising literal (waits for the server's go-ahead) or a non-synchronising one
     * (LITERAL+, RFC 7888), and reads up to the tagged completion.
     */
    Completion append(String mailbox, String flags, byte[] message, boolean nonSynchronising) throws IOException {
        String tag = tag();
        out.write((tag + " APPEND " + mailbox + " (" + flags + ") {" + message.length + (nonSynchronising ? "+" : "")
                + "}\r\n").getBytes(StandardCharsets.US_ASCII));
        List<Response> untagged = new ArrayList<>();
        if (!nonSynchronising) {
            out.flush();
            while (true) {
                Response response = readResponse();
                if (response.text().startsWith("+")) {
                    break;
                }
                if (response.text().startsWith(tag + " ")) {
                    return completion(tag, response, untagged); // refused before the literal was sent
                }
                untagged.add(response);
            }
        }
        out.write(message);
        out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
        out.flush();
        return complete(tag, untagged);
    }

    /** Starts IDLE (RFC 2177) and returns its tag once the server's continuation has come. */
    String startIdle() throws IOException {
        String tag = tag();
        out.write((tag + " IDLE\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
        while (true) {
            Response response = readResponse();
            if (response.text().startsWith("+")) {
                return tag;
            }
            if (response.text().startsWith(tag + " ")) {
                throw new IOException("IDLE refused: " + response.text());
            }
        }
    }

    /** Ends IDLE and reads up to its tagged completion. */
    Completion endIdle(String tag) throws IOException {
        out.write("DONE\r\n".getBytes(StandardCharsets.US_ASCII));
        out.flush();
        return complete(tag, new ArrayList<>());
    }

    /** The certificate the server presented on this connection. */
    X509Certificate peerCertificate() throws IOException {
        return (X509Certificate) socket.getSession().getPeerCertificates()[0];
    }

    /** How long a read may wait from now on; a read that waits longer throws SocketTimeoutException. */
    void readTimeout(Duration timeout) throws IOException {
        socket.setSoTimeout((int) Math.max(1, timeout.toMillis()));
    }

    private String tag() {
        return "t" + nextTag++;
    }

    private Completion complete(String tag, List<Response> untagged) throws IOException {
        while (true) {
            Response response = readResponse();
            if (response.text().startsWith(tag + " ")) {
                return completion(tag, response, untagged);
            }
            untagged.add(response);
        }
    }

    private static Completion completion(String tag, Response response, List<Response> untagged) {
        String rest = response.text().substring(tag.length() + 1);
        int space = rest.indexOf(' ');
        return new Completion(space < 0 ? rest : rest.substring(0, space), response.text(), untagged);
    }

    /** One response: a line, and whenever it ends in a literal, the literal and the line's continuation. */
    Response readResponse() throws IOException {
        StringBuilder text = new StringBuilder();
        List<byte[]> literals = new ArrayList<>();
        while (true) {
            String line = readLine();
            text.append(line);
            Matcher literal = LITERAL_AT_END.matcher(line);
            if (!literal.find()) {
                return new Response(text.toString(), literals);
            }
            int length = Integer.parseInt(literal.group(1));
            byte[] bytes = in.readNBytes(length);
            if (bytes.length != length) {
                throw new EOFException("connection closed inside a literal");
            }
            literals.add(bytes);
        }
    }

    /** A line without its CRLF; ISO-8859-1 so every byte maps to one char. */
    private String readLine() throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream(128);
        int b;
        while ((b = in.read()) != '\n') {
            if (b < 0) {
                throw new EOFException("connection closed by the server");
            }
            line.write(b);
        }
        byte[] bytes = line.toByteArray();
        int length = bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
        return new String(bytes, 0, length, StandardCharsets.ISO_8859_1);
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }

    /** A TLS context that accepts exactly the certificate with the given SHA-256 fingerprint. */
    static SSLContext pinning(String fingerprint) throws IOException {
        X509TrustManager pinned = new X509TrustManager() {
            @Override
            public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
                try {
                    String actual = HexFormat.ofDelimiter(":").withUpperCase()
                            .formatHex(MessageDigest.getInstance("SHA-256").digest(chain[0].getEncoded()));
                    if (!actual.equalsIgnoreCase(fingerprint)) {
                        throw new CertificateException("certificate " + actual + " is not the printed " + fingerprint);
                    }
                } catch (NoSuchAlgorithmException e) {
                    throw new CertificateException(e);
                }
            }

            @Override
            public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
                throw new CertificateException("not a server");
            }

            @Override
            public X509Certificate[] getAcceptedIssuers() {
                return new X509Certificate[0];
            }
        };
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, new TrustManager[] {pinned}, null);
            return context;
        } catch (java.security.GeneralSecurityException e) {
            throw new IOException("cannot set up TLS", e);
        }
    }
}
