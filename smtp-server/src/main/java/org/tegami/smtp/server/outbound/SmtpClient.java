package org.tegami.smtp.server.outbound;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import org.tegami.smtp.protocol.Reply;

/**
 * The wire side of one SMTP client connection (RFC 5321): sends command lines, reads (multi-line)
 * replies with their enhanced status codes, upgrades to TLS, sends message data. Blocking; meant for a
 * virtual thread. What to send, and when, is {@link SmtpDelivery}'s business.
 */
final class SmtpClient implements AutoCloseable {

    /** Longest reply line we read; RFC 5321 §4.5.3.1.5 allows 512 octets, servers exceed it. */
    static final int MAX_REPLY_LINE_BYTES = 4096;
    /** Most lines in one reply (a long EHLO list stays far below). */
    static final int MAX_REPLY_LINES = 100;

    // RFC 3463 §2 / RFC 2034 §4: class.subject.detail at the start of the text.
    private static final Pattern ENHANCED = Pattern.compile("([245])\\.(\\d{1,3})\\.(\\d{1,3})(?: |$)");

    private Socket socket;
    private InputStream in;
    private OutputStream out;
    private final Duration commandTimeout;
    private Map<String, String> extensions = Map.of();

    private SmtpClient(Socket socket, Duration commandTimeout) throws IOException {
        this.commandTimeout = commandTimeout;
        use(socket);
    }

    /** A plain TCP connection. */
    static SmtpClient connect(InetSocketAddress address, Duration connectTimeout, Duration commandTimeout)
            throws IOException {
        Socket socket = new Socket();
        try {
            socket.connect(address, Math.toIntExact(connectTimeout.toMillis()));
            return new SmtpClient(socket, commandTimeout);
        } catch (IOException | RuntimeException e) {
            socket.close();
            throw e;
        }
    }

    /** A TLS connection from the first byte (RFC 8314 §3.3), the handshake done. */
    static SmtpClient connectTls(InetSocketAddress address, String hostName, SSLContext context, boolean verify,
            Duration connectTimeout, Duration commandTimeout) throws IOException {
        SmtpClient client = connect(address, connectTimeout, commandTimeout);
        try {
            client.upgrade(hostName, context, verify);
            return client;
        } catch (IOException | RuntimeException e) {
            client.close();
            throw e;
        }
    }

    private void use(Socket s) throws IOException {
        socket = s;
        socket.setSoTimeout(Math.toIntExact(commandTimeout.toMillis()));
        in = new BufferedInputStream(socket.getInputStream());
        out = new BufferedOutputStream(socket.getOutputStream());
    }

    boolean secure() {
        return socket instanceof SSLSocket;
    }

    /** The keyword (upper case) → parameters of the last EHLO reply; empty after HELO or STARTTLS. */
    Map<String, String> extensions() {
        return extensions;
    }

    boolean offers(String keyword) {
        return extensions.containsKey(keyword);
    }

    Optional<String> parameters(String keyword) {
        return Optional.ofNullable(extensions.get(keyword));
    }

    /** Sends one command line (CRLF appended) and reads its reply. */
    Reply command(String line) throws IOException {
        send(line);
        return readReply();
    }

    /** EHLO (RFC 5321 §4.1.1.1); on success the extensions offered are remembered. */
    Reply ehlo(String hostname) throws IOException {
        Reply reply = command("EHLO " + hostname);
        if (reply.code() == 250) {
            // RFC 5321 §4.1.1.1: the first line is the greeting, each further line one extension.
            Map<String, String> offered = new HashMap<>();
            for (String line : reply.lines().subList(1, reply.lines().size())) {
                String trimmed = line.strip();
                int space = trimmed.indexOf(' ');
                String keyword = (space < 0 ? trimmed : trimmed.substring(0, space)).toUpperCase(Locale.ROOT);
                offered.put(keyword, space < 0 ? "" : trimmed.substring(space + 1).strip());
            }
            extensions = Map.copyOf(offered);
        }
        return reply;
    }

    /** HELO (RFC 5321 §4.1.1.1), for servers that do not know EHLO; no extensions. */
    Reply helo(String hostname) throws IOException {
        extensions = Map.of();
        return command("HELO " + hostname);
    }

    /**
     * Runs the TLS handshake over the current connection (after a 220 to STARTTLS, or at once for implicit
     * TLS). With {@code verify} the certificate must chain to a trust anchor and name {@code hostName}
     * (RFC 6125); without, any certificate is accepted, as opportunistic TLS does (RFC 7435 §4).
     */
    void upgrade(String hostName, SSLContext context, boolean verify) throws IOException {
        SSLSocket tls = (SSLSocket) context.getSocketFactory()
                .createSocket(socket, hostName, socket.getPort(), true);
        SSLParameters parameters = tls.getSSLParameters();
        if (verify) {
            parameters.setEndpointIdentificationAlgorithm("HTTPS");
        }
        tls.setSSLParameters(parameters);
        tls.setUseClientMode(true);
        tls.setSoTimeout(Math.toIntExact(commandTimeout.toMillis()));
        tls.startHandshake();
        // RFC 3207 §4.2: what the server said before TLS is forgotten; the client must send EHLO again.
        extensions = Map.of();
        use(tls);
    }

    /**
     * Sends the message after a 354 (RFC 5321 §4.1.1.4): dot-stuffed (§4.5.2), ended by CRLF "." CRLF, and
     * reads the final reply, waiting up to {@code replyTimeout} for it (§4.5.3.2.6).
     */
    Reply data(byte[] content, Duration replyTimeout) throws IOException {
        writeDotStuffed(content, out);
        out.write(".\r\n".getBytes(StandardCharsets.US_ASCII));
        out.flush();
        socket.setSoTimeout(Math.toIntExact(replyTimeout.toMillis()));
        try {
            return readReply();
        } finally {
            socket.setSoTimeout(Math.toIntExact(commandTimeout.toMillis()));
        }
    }

    /**
     * RFC 5321 §4.5.2: a line that starts with "." gets one more. The content must end with CRLF before
     * the terminating "." line (§4.1.1.4); one is added if it does not.
     */
    static void writeDotStuffed(byte[] content, OutputStream target) throws IOException {
        boolean lineStart = true;
        int from = 0;
        for (int i = 0; i < content.length; i++) {
            if (lineStart && content[i] == '.') {
                target.write(content, from, i - from);
                target.write('.');
                from = i;
            }
            lineStart = content[i] == '\n';
        }
        target.write(content, from, content.length - from);
        int n = content.length;
        if (n < 2 || content[n - 2] != '\r' || content[n - 1] != '\n') {
            target.write(n > 0 && content[n - 1] == '\r' ? new byte[] {'\n'} : new byte[] {'\r', '\n'});
        }
    }

    /** QUIT (RFC 5321 §4.1.1.10), then close; errors are ignored, the transaction is over anyway. */
    void quit() {
        try {
            command("QUIT");
        } catch (IOException | RuntimeException e) {
            // nothing to do: the connection is going away
        } finally {
            close();
        }
    }

    private void send(String line) throws IOException {
        out.write(line.getBytes(StandardCharsets.UTF_8));
        out.write('\r');
        out.write('\n');
        out.flush();
    }

    /** Reads one reply (RFC 5321 §4.2.1): lines "ddd-text" then "ddd text", the same code on each. */
    Reply readReply() throws IOException {
        List<String> texts = new ArrayList<>();
        int code = -1;
        while (true) {
            String line = readLine();
            if (line.length() < 3 || !isCode(line) || (line.length() > 3 && line.charAt(3) != ' '
                    && line.charAt(3) != '-')) {
                throw new IOException("malformed reply line: " + printable(line));
            }
            int lineCode = Integer.parseInt(line.substring(0, 3));
            if (code >= 0 && lineCode != code) {
                throw new IOException("reply lines with different codes: " + code + ", " + lineCode);
            }
            code = lineCode;
            texts.add(line.length() > 4 ? line.substring(4) : "");
            if (line.length() == 3 || line.charAt(3) == ' ') {
                break;
            }
            if (texts.size() >= MAX_REPLY_LINES) {
                throw new IOException("reply longer than " + MAX_REPLY_LINES + " lines");
            }
        }
        if (code < 200 || code > 599) {
            throw new IOException("reply code out of range: " + code);
        }
        return withEnhancedCode(code, texts);
    }

    // RFC 2034 §4: the enhanced code starts every line's text; it is kept apart from the text.
    private static Reply withEnhancedCode(int code, List<String> texts) {
        Matcher first = ENHANCED.matcher(texts.getFirst());
        if (!first.lookingAt() || first.group(1).charAt(0) - '0' != code / 100) {
            return new Reply(code, null, texts);
        }
        String enhanced = first.group(1) + "." + first.group(2) + "." + first.group(3);
        List<String> stripped = new ArrayList<>();
        for (String text : texts) {
            Matcher m = ENHANCED.matcher(text);
            String rest = m.lookingAt() ? text.substring(m.end()) : text;
            stripped.add(rest);
        }
        return new Reply(code, enhanced, stripped);
    }

    private static boolean isCode(String line) {
        return Character.isDigit(line.charAt(0)) && Character.isDigit(line.charAt(1))
                && Character.isDigit(line.charAt(2));
    }

    private String readLine() throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream(128);
        while (true) {
            int b;
            try {
                b = in.read();
            } catch (SocketTimeoutException e) {
                throw new SocketTimeoutException("no reply within the timeout");
            }
            if (b < 0) {
                throw new IOException("connection closed by the server");
            }
            if (b == '\n') {
                byte[] bytes = line.toByteArray();
                int length = bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
                return new String(bytes, 0, length, StandardCharsets.UTF_8);
            }
            if (line.size() >= MAX_REPLY_LINE_BYTES) {
                throw new IOException("reply line longer than " + MAX_REPLY_LINE_BYTES + " bytes");
            }
            line.write(b);
        }
    }

    private static String printable(String line) {
        String cut = line.length() > 80 ? line.substring(0, 80) : line;
        return cut.replaceAll("[^\\x20-\\x7e]", "?");
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException e) {
            // closing is best effort
        }
    }
}
