package org.tegami.imap.server;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

/**
 * A byte-level IMAP client for conversation tests: sends lines as given and reads response lines,
 * inlining literals as {@code {n}} followed by their bytes with CR and LF shown as {@code \r} and {@code \n}.
 * Reads wait up to a deadline (socket timeout), never a fixed sleep.
 */
public final class ImapTestClient implements AutoCloseable {

    private Socket socket;
    private InputStream in;
    private OutputStream out;

    private ImapTestClient(Socket socket) throws IOException {
        attach(socket);
    }

    private void attach(Socket s) throws IOException {
        this.socket = s;
        s.setSoTimeout(5_000);
        this.in = new java.io.BufferedInputStream(s.getInputStream());
        this.out = s.getOutputStream();
    }

    public static ImapTestClient tls(InetSocketAddress address) throws IOException {
        SSLSocket socket = (SSLSocket) trustAll().getSocketFactory().createSocket(address.getHostString(),
                address.getPort());
        socket.startHandshake();
        return new ImapTestClient(socket);
    }

    /** A TLS client connecting from {@code localAddress} (any of 127.0.0.0/8 works on Linux loopback). */
    public static ImapTestClient tlsFrom(InetSocketAddress address, java.net.InetAddress localAddress)
            throws IOException {
        Socket plain = new Socket();
        plain.bind(new InetSocketAddress(localAddress, 0));
        plain.connect(address, 5_000);
        SSLSocket socket = (SSLSocket) trustAll().getSocketFactory().createSocket(plain, address.getHostString(),
                address.getPort(), true);
        socket.startHandshake();
        return new ImapTestClient(socket);
    }

    /**
     * A TLS client whose socket receive buffer is set before connecting, so that a client which stops
     * reading makes the server feel back-pressure after little data instead of after the kernel's default.
     */
    public static ImapTestClient tls(InetSocketAddress address, int receiveBufferBytes) throws IOException {
        Socket plain = new Socket();
        plain.setReceiveBufferSize(receiveBufferBytes);
        plain.connect(address, 5_000);
        SSLSocket socket = (SSLSocket) trustAll().getSocketFactory().createSocket(plain, address.getHostString(),
                address.getPort(), true);
        socket.startHandshake();
        return new ImapTestClient(socket);
    }

    /**
     * A client on a connection the test opened itself (and may have written to, e.g. a PROXY header),
     * with a TLS handshake first if {@code tls}.
     */
    public static ImapTestClient over(Socket connected, boolean tls) throws IOException {
        if (!tls) {
            return new ImapTestClient(connected);
        }
        SSLSocket socket = (SSLSocket) trustAll().getSocketFactory().createSocket(connected,
                connected.getInetAddress().getHostAddress(), connected.getPort(), true);
        socket.startHandshake();
        return new ImapTestClient(socket);
    }

    public static ImapTestClient plain(InetSocketAddress address) throws IOException {
        return new ImapTestClient(new Socket(address.getHostString(), address.getPort()));
    }

    /** Upgrades the connection to TLS (after the server's OK to STARTTLS). */
    public void startTls() throws IOException {
        SSLSocket tls = (SSLSocket) trustAll().getSocketFactory().createSocket(socket,
                socket.getInetAddress().getHostAddress(), socket.getPort(), true);
        tls.startHandshake();
        attach(tls);
    }

    /**
     * Compresses what is sent and inflates what is read from now on (after the server's OK to COMPRESS DEFLATE,
     * RFC 4978): raw DEFLATE, each send ended with a sync flush so the server can act on it at once.
     */
    public void startCompression() {
        in = new java.util.zip.InflaterInputStream(in, new java.util.zip.Inflater(true));
        out = new java.util.zip.DeflaterOutputStream(out, new java.util.zip.Deflater(6, true), true);
    }

    public void setReadTimeoutMillis(int millis) throws IOException {
        socket.setSoTimeout(millis);
    }

    /** The TLS session of the connection (for channel-binding data), or null before TLS. */
    public javax.net.ssl.SSLSession sslSession() {
        return socket instanceof SSLSocket s ? s.getSession() : null;
    }

    public void send(String line) throws IOException {
        sendRaw((line + "\r\n").getBytes(StandardCharsets.UTF_8));
    }

    public void sendRaw(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
    }

    /** One response line, literals inlined and escaped; null at end of stream. */
    public String readLine() throws IOException {
        StringBuilder line = new StringBuilder();
        while (true) {
            String part = readRawLine();
            if (part == null) {
                return line.isEmpty() ? null : line.toString();
            }
            line.append(part);
            int open = part.lastIndexOf('{');
            if (part.endsWith("}") && open >= 0 && part.substring(open + 1, part.length() - 1).matches("\\d+")) {
                int size = Integer.parseInt(part.substring(open + 1, part.length() - 1));
                byte[] literal = in.readNBytes(size);
                line.append(escape(new String(literal, StandardCharsets.UTF_8)));
                continue;
            }
            return line.toString();
        }
    }

    /** Lines up to and including the tagged response for {@code tag}. */
    public List<String> readUntilTagged(String tag) throws IOException {
        List<String> lines = new ArrayList<>();
        while (true) {
            String line = readLine();
            if (line == null) {
                throw new IOException("connection closed before " + tag + " completed; got " + lines);
            }
            lines.add(line);
            if (line.startsWith(tag + " ")) {
                return lines;
            }
        }
    }

    /** Sends a command and returns its responses. */
    public List<String> command(String tag, String command) throws IOException {
        send(tag + " " + command);
        return readUntilTagged(tag);
    }

    private String readRawLine() throws IOException {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) != -1) {
            if (b == '\n') {
                byte[] bytes = buffer.toByteArray();
                int length = bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
                return new String(bytes, 0, length, StandardCharsets.UTF_8);
            }
            buffer.write(b);
        }
        return buffer.size() == 0 ? null : buffer.toString(StandardCharsets.UTF_8);
    }

    static String escape(String text) {
        return text.replace("\\", "\\\\").replace("\r", "\\r").replace("\n", "\\n");
    }

    static String unescape(String text) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\\' && i + 1 < text.length()) {
                char next = text.charAt(++i);
                sb.append(switch (next) {
                    case 'r' -> '\r';
                    case 'n' -> '\n';
                    case 't' -> '\t';
                    case '\\' -> '\\';
                    default -> {
                        // Anything else (flags such as \Seen) keeps its backslash.
                        sb.append('\\');
                        yield next;
                    }
                });
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }

    static SSLContext trustAll() {
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, new TrustManager[] {new X509TrustManager() {
                @Override
                public void checkClientTrusted(X509Certificate[] chain, String authType) {
                }

                @Override
                public void checkServerTrusted(X509Certificate[] chain, String authType) {
                }

                @Override
                public X509Certificate[] getAcceptedIssuers() {
                    return new X509Certificate[0];
                }
            }}, new SecureRandom());
            return context;
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
