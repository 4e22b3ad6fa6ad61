package org.tegami.smtp.server;

import java.io.BufferedInputStream;
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

/** A byte-level SMTP client for tests; reads whole (multi-line) replies with a deadline. */
public final class SmtpTestClient implements AutoCloseable {

    private Socket socket;
    private InputStream in;
    private OutputStream out;

    private SmtpTestClient(Socket socket) throws IOException {
        attach(socket);
    }

    private void attach(Socket s) throws IOException {
        socket = s;
        s.setSoTimeout(5_000);
        in = new BufferedInputStream(s.getInputStream());
        out = s.getOutputStream();
    }

    /**
     * A client on a connection the test opened itself (and may have written to, e.g. a PROXY header),
     * with a TLS handshake first if {@code tls}.
     */
    public static SmtpTestClient over(Socket connected, boolean tls) throws IOException {
        if (!tls) {
            return new SmtpTestClient(connected);
        }
        SSLSocket s = (SSLSocket) trustAll().getSocketFactory().createSocket(connected,
                connected.getInetAddress().getHostAddress(), connected.getPort(), true);
        s.startHandshake();
        return new SmtpTestClient(s);
    }

    public static SmtpTestClient plain(InetSocketAddress address) throws IOException {
        return new SmtpTestClient(new Socket(address.getHostString(), address.getPort()));
    }

    public static SmtpTestClient tls(InetSocketAddress address) throws IOException {
        SSLSocket s = (SSLSocket) trustAll().getSocketFactory().createSocket(address.getHostString(), address.getPort());
        s.startHandshake();
        return new SmtpTestClient(s);
    }

    /** Implicit TLS from {@code localAddress} (any of 127.0.0.0/8 works on Linux loopback). */
    public static SmtpTestClient tlsFrom(InetSocketAddress address, java.net.InetAddress localAddress)
            throws IOException {
        Socket plain = new Socket();
        plain.bind(new InetSocketAddress(localAddress, 0));
        plain.connect(address, 5_000);
        SSLSocket s = (SSLSocket) trustAll().getSocketFactory().createSocket(plain, address.getHostString(),
                address.getPort(), true);
        s.startHandshake();
        return new SmtpTestClient(s);
    }

    /** Connects to the submission port with implicit TLS, greets and authenticates as {@code user}. */
    public static SmtpTestClient authenticated(InetSocketAddress address, String user, String password)
            throws IOException {
        SmtpTestClient c = tls(address);
        c.last();
        c.ehlo("client.example.net");
        String reply = c.command("AUTH PLAIN " + plain(user, password));
        if (!reply.startsWith("235 ")) {
            c.close();
            throw new IOException("authentication failed: " + reply);
        }
        return c;
    }

    /** SASL PLAIN (RFC 4616) initial response. */
    public static String plain(String user, String password) {
        return java.util.Base64.getEncoder().encodeToString(
                ("\0" + user + "\0" + password).getBytes(StandardCharsets.UTF_8));
    }

    /** Sends EHLO and returns every line of the reply. */
    public List<String> ehlo(String domain) throws IOException {
        send("EHLO " + domain);
        return reply();
    }

    /** How long a read waits before failing the test. */
    public void readTimeout(java.time.Duration timeout) throws IOException {
        socket.setSoTimeout((int) timeout.toMillis());
    }

    public void startTls() throws IOException {
        SSLSocket s = (SSLSocket) trustAll().getSocketFactory().createSocket(socket,
                socket.getInetAddress().getHostAddress(), socket.getPort(), true);
        s.startHandshake();
        attach(s);
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

    /** One whole reply: every line of it, the last one without a '-' after the code. */
    public List<String> reply() throws IOException {
        List<String> lines = new ArrayList<>();
        while (true) {
            String line = readLine();
            if (line == null) {
                throw new IOException("connection closed; got " + lines);
            }
            lines.add(line);
            if (line.length() < 4 || line.charAt(3) != '-') {
                return lines;
            }
        }
    }

    /** The last line of the next reply. */
    public String last() throws IOException {
        return reply().getLast();
    }

    /** Sends a command and returns the last line of its reply. */
    public String command(String line) throws IOException {
        send(line);
        return last();
    }

    /** True when the server closed the connection (reads end of stream within the deadline). */
    public boolean closedByServer() throws IOException {
        try {
            return in.read() == -1;
        } catch (java.net.SocketException e) {
            return true;
        }
    }

    private String readLine() throws IOException {
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
