package org.tegami.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.handler.ssl.SslProvider;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tegami.auth.LoginThrottle;
import org.tegami.store.sqlite.SqliteMailStore;

/**
 * The started server end to end: a client that trusts only the printed certificate logs in as the
 * first account over IMAPS and over STARTTLS, and finds the special-use mailboxes.
 */
class ServeEndToEndTest {

    @TempDir
    Path dataDir;

    private final StringWriter output = new StringWriter();

    private RunningServer start() {
        TegamiConfig config = TestConfigs.loopback(dataDir);
        return new ServerRunner(config, "mail.test", SqliteMailStore::open,
                new TlsContextFactory(TlsContextFactory.preferredProvider()), new PrintWriter(output, true)).start();
    }

    private String postmasterPassword() {
        Matcher password = Pattern.compile("Password for postmaster@mail\\.test: (\\S+)").matcher(output.toString());
        assertTrue(password.find(), output::toString);
        return password.group(1);
    }

    /** A TLS client that trusts exactly the server's certificate and checks the IP address in it. */
    private static SSLContext trusting(ServerCertificate certificate) throws Exception {
        KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
        trust.load(null, null);
        trust.setCertificateEntry("tegami", certificate.leaf());
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init(trust);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, factory.getTrustManagers(), null);
        return context;
    }

    private static SSLSocket verifyingHostname(SSLSocket socket) {
        SSLParameters parameters = socket.getSSLParameters();
        parameters.setEndpointIdentificationAlgorithm("HTTPS");
        socket.setSSLParameters(parameters);
        return socket;
    }

    @Test
    void logsInOverImapsWithThePrintedPassword() throws Exception {
        try (RunningServer server = start()) {
            InetSocketAddress imaps = server.imapsAddress().orElseThrow();
            SSLContext tls = trusting(server.certificate());
            try (SSLSocket socket = verifyingHostname((SSLSocket) tls.getSocketFactory()
                    .createSocket(imaps.getAddress(), imaps.getPort()))) {
                socket.setSoTimeout(10_000);
                Conversation imap = new Conversation(socket);
                assertTrue(imap.readLine().startsWith("* OK"));
                assertTrue(imap.command("a LOGIN postmaster@mail.test " + postmasterPassword(), "a")
                        .getLast().startsWith("a OK"));
                List<String> list = imap.command("b LIST \"\" \"*\"", "b");
                assertTrue(list.stream().anyMatch(line -> line.contains("\\Drafts") && line.contains("Drafts")),
                        list::toString);
                assertTrue(list.stream().anyMatch(line -> line.contains("\\Junk")), list::toString);
                assertTrue(imap.command("c LOGOUT", "c").getLast().startsWith("c OK"));
            }
        }
    }

    @Test
    void logsInOverStartTls() throws Exception {
        try (RunningServer server = start()) {
            InetSocketAddress imap = server.imapAddress().orElseThrow();
            try (Socket plain = new Socket(imap.getAddress(), imap.getPort())) {
                plain.setSoTimeout(10_000);
                Conversation cleartext = new Conversation(plain);
                assertTrue(cleartext.readLine().startsWith("* OK"));
                assertTrue(cleartext.command("a STARTTLS", "a").getLast().startsWith("a OK"));
                try (SSLSocket socket = verifyingHostname((SSLSocket) trusting(server.certificate()).getSocketFactory()
                        .createSocket(plain, imap.getAddress().getHostAddress(), imap.getPort(), true))) {
                    Conversation secure = new Conversation(socket);
                    assertEquals("b OK", secure.command("b LOGIN postmaster@mail.test " + postmasterPassword(), "b")
                            .getLast().substring(0, 4));
                    secure.command("c LOGOUT", "c");
                }
            }
        }
    }

    /** Line-at-a-time IMAP talk: send a tagged command, collect lines up to its tagged answer. */
    private static final class Conversation {
        private final BufferedReader in;
        private final OutputStream out;

        Conversation(Socket socket) throws IOException {
            this.in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
            this.out = socket.getOutputStream();
        }

        String readLine() throws IOException {
            String line = in.readLine();
            if (line == null) {
                throw new IOException("connection closed by the server");
            }
            return line;
        }

        List<String> command(String line, String tag) throws IOException {
            out.write((line + "\r\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
            List<String> lines = new ArrayList<>();
            String response;
            do {
                response = readLine();
                lines.add(response);
            } while (!response.startsWith(tag + " "));
            return lines;
        }
    }
}
