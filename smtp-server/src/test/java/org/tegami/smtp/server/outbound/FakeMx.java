package org.tegami.smtp.server.outbound;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;

/**
 * A scriptable SMTP server on a loopback port, one virtual thread per connection, that records each
 * transaction it is offered. Replies are set before the test delivers; defaults accept everything.
 */
final class FakeMx implements AutoCloseable {

    /** One MAIL transaction as received. {@code data} is null when it ended before DATA. */
    record Transaction(String helo, boolean tls, String authenticated, String mailFrom, List<String> rcptTo,
            List<String> accepted, byte[] data, String finalReply) {
    }

    private final ServerSocket listener;
    private final SSLContext tls;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private final BlockingQueue<Transaction> transactions = new LinkedBlockingQueue<>();
    private final AtomicInteger connections = new AtomicInteger();

    volatile String greeting = "220 fake.example.test ESMTP";
    volatile boolean offerStartTls = true;
    volatile boolean offerRequireTls;
    volatile boolean breakTls; // answer STARTTLS with 220, then hang up instead of the handshake
    volatile String credentials; // "user:password" to offer and demand AUTH PLAIN
    volatile String mailReply = "250 2.1.0 Sender ok";
    volatile Function<String, String> rcptReply = address -> "250 2.1.5 Recipient ok";
    final Queue<String> dataReplies = new ConcurrentLinkedQueue<>();
    volatile String defaultDataReply = "250 2.0.0 Queued as 1234";

    FakeMx(InetAddress bind, SSLContext tls) throws IOException {
        this(bind, 0, tls);
    }

    FakeMx(InetAddress bind, int port, SSLContext tls) throws IOException {
        this.listener = new ServerSocket(port, 50, bind);
        this.tls = tls;
        Thread.ofVirtual().name("fake-mx").start(this::accept);
    }

    int port() {
        return listener.getLocalPort();
    }

    int connections() {
        return connections.get();
    }

    /** The next transaction received, waiting up to {@code timeout}; fails the test if none comes. */
    Transaction next(Duration timeout) throws InterruptedException {
        Transaction t = transactions.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
        if (t == null) {
            throw new AssertionError("no transaction within " + timeout);
        }
        return t;
    }

    /** Transactions received and not yet taken, without waiting. */
    List<Transaction> drain() {
        List<Transaction> all = new ArrayList<>();
        transactions.drainTo(all);
        return all;
    }

    private void accept() {
        while (!listener.isClosed()) {
            try {
                Socket socket = listener.accept();
                connections.incrementAndGet();
                open.add(socket);
                Thread.ofVirtual().start(() -> session(socket));
            } catch (IOException e) {
                return;
            }
        }
    }

    private void session(Socket plain) {
        Socket socket = plain;
        try {
            socket.setSoTimeout(10_000);
            InputStream in = new BufferedInputStream(socket.getInputStream());
            OutputStream out = socket.getOutputStream();
            write(out, greeting);
            if (!greeting.startsWith("220")) {
                return;
            }
            boolean secure = false;
            String helo = null;
            String authenticated = null;
            String mailFrom = null;
            List<String> rcptTo = new ArrayList<>();
            List<String> accepted = new ArrayList<>();
            while (true) {
                String line = new String(readLine(in), StandardCharsets.UTF_8).stripTrailing();
                String verb = (line.contains(" ") ? line.substring(0, line.indexOf(' ')) : line).toUpperCase();
                switch (verb) {
                    case "EHLO" -> {
                        helo = line.substring(5);
                        List<String> lines = new ArrayList<>(List.of("fake.example.test", "PIPELINING", "8BITMIME",
                                "DSN", "SIZE 10000000", "ENHANCEDSTATUSCODES", "SMTPUTF8"));
                        if (offerStartTls && !secure) {
                            lines.add("STARTTLS");
                        }
                        if (offerRequireTls && secure) {
                            lines.add("REQUIRETLS");
                        }
                        if (credentials != null) {
                            lines.add("AUTH PLAIN LOGIN");
                        }
                        StringBuilder reply = new StringBuilder();
                        for (int i = 0; i < lines.size(); i++) {
                            reply.append("250").append(i == lines.size() - 1 ? ' ' : '-').append(lines.get(i));
                            if (i < lines.size() - 1) {
                                reply.append("\r\n");
                            }
                        }
                        write(out, reply.toString());
                    }
                    case "HELO" -> {
                        helo = line.substring(5);
                        write(out, "250 fake.example.test");
                    }
                    case "STARTTLS" -> {
                        write(out, "220 2.0.0 Ready to start TLS");
                        if (breakTls) {
                            return;
                        }
                        SSLSocket upgraded = (SSLSocket) tls.getSocketFactory().createSocket(socket, null,
                                socket.getPort(), true);
                        upgraded.setUseClientMode(false);
                        upgraded.startHandshake();
                        socket = upgraded;
                        open.add(socket);
                        in = new BufferedInputStream(socket.getInputStream());
                        out = socket.getOutputStream();
                        secure = true;
                        helo = null;
                    }
                    case "AUTH" -> {
                        String[] parts = line.split(" ");
                        String[] decoded = parts.length == 3
                                ? new String(Base64.getDecoder().decode(parts[2]), StandardCharsets.UTF_8).split("\0", -1)
                                : new String[0];
                        if (decoded.length == 3 && (decoded[1] + ":" + decoded[2]).equals(credentials)) {
                            authenticated = decoded[1];
                            write(out, "235 2.7.0 Authentication successful");
                        } else {
                            write(out, "535 5.7.8 Authentication credentials invalid");
                        }
                    }
                    case "MAIL" -> {
                        if (credentials != null && authenticated == null) {
                            write(out, "530 5.7.0 Authentication required");
                            continue;
                        }
                        mailFrom = line;
                        rcptTo.clear();
                        accepted.clear();
                        write(out, mailReply);
                        if (!mailReply.startsWith("2")) {
                            transactions.add(new Transaction(helo, secure, authenticated, mailFrom, List.of(),
                                    List.of(), null, mailReply));
                            mailFrom = null;
                        }
                    }
                    case "RCPT" -> {
                        rcptTo.add(line);
                        String address = line.substring(line.indexOf('<') + 1, line.indexOf('>'));
                        String reply = rcptReply.apply(address);
                        if (reply.startsWith("2")) {
                            accepted.add(address);
                        }
                        write(out, reply);
                    }
                    case "DATA" -> {
                        if (accepted.isEmpty()) {
                            write(out, "554 5.5.1 No valid recipients");
                            continue;
                        }
                        write(out, "354 End data with <CR><LF>.<CR><LF>");
                        byte[] data = readData(in);
                        String reply = dataReplies.poll();
                        reply = reply == null ? defaultDataReply : reply;
                        transactions.add(new Transaction(helo, secure, authenticated, mailFrom, List.copyOf(rcptTo),
                                List.copyOf(accepted), data, reply));
                        mailFrom = null;
                        write(out, reply);
                    }
                    case "RSET", "NOOP" -> write(out, "250 2.0.0 Ok");
                    case "QUIT" -> {
                        if (mailFrom != null) {
                            transactions.add(new Transaction(helo, secure, authenticated, mailFrom, List.copyOf(rcptTo),
                                    List.copyOf(accepted), null, null));
                        }
                        write(out, "221 2.0.0 Bye");
                        return;
                    }
                    default -> write(out, "500 5.5.2 Unknown command");
                }
            }
        } catch (IOException e) {
            // the client went away
        } finally {
            try {
                socket.close();
            } catch (IOException e) {
                // closing anyway
            }
        }
    }

    private static byte[] readData(InputStream in) throws IOException {
        ByteArrayOutputStream data = new ByteArrayOutputStream();
        while (true) {
            byte[] line = readLine(in);
            if (line.length == 3 && line[0] == '.' && line[1] == '\r' && line[2] == '\n') {
                return data.toByteArray();
            }
            // RFC 5321 §4.5.2: remove the stuffed dot.
            int from = line.length > 0 && line[0] == '.' ? 1 : 0;
            data.write(line, from, line.length - from);
        }
    }

    /** One line with its line end. */
    private static byte[] readLine(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        while (true) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("closed");
            }
            line.write(b);
            if (b == '\n') {
                return line.toByteArray();
            }
        }
    }

    private static void write(OutputStream out, String reply) throws IOException {
        out.write((reply + "\r\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    @Override
    public void close() throws IOException {
        listener.close();
        for (Socket s : open) {
            s.close();
        }
    }
}
