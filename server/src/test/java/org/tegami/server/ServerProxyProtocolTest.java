package org.tegami.server;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.handler.ssl.SslProvider;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tegami.auth.Network;
import org.tegami.connection.ProxyHeaders;
import org.tegami.connection.ProxyProtocol;
import org.tegami.store.sqlite.SqliteMailStore;

/**
 * The configured PROXY protocol reaches every kind of listener of a running server: after a header from
 * the trusted balancer, the first thing the protocol reads is the client's own first command.
 */
class ServerProxyProtocolTest {

    @TempDir
    Path dataDir;

    @Test
    void everyListenerTakesTheHeaderFromTheTrustedBalancer() throws Exception {
        TegamiConfig.Web web = new TegamiConfig.Web(TestConfigs.EPHEMERAL, TestConfigs.EPHEMERAL,
                org.tegami.http.MtaStsMode.TESTING, List.of(Network.parse("192.0.2.0/24")));
        TegamiConfig config = TestConfigs.loopback(dataDir, TestConfigs.EPHEMERAL, TestConfigs.EPHEMERAL,
                TestConfigs.smtp(TegamiConfig.Outbound.DEFAULT), web)
                .withProxyProtocol(new ProxyProtocol(List.of(Network.parse("127.0.0.1/32")), Duration.ofSeconds(2)));
        StringWriter output = new StringWriter();
        try (RunningServer server = new ServerRunner(config, "mail.test", SqliteMailStore::open,
                new TlsContextFactory(SslProvider.JDK), new PrintWriter(output, true)).start()) {
            ListeningAddresses addresses = server.addresses();
            try (Conversation imap = new Conversation(addresses.imap().orElseThrow(), "192.0.2.8")) {
                assertTrue(imap.line().startsWith("* OK"));
                assertTrue(imap.command("a NOOP").startsWith("a OK"), "the header was not read as a command");
            }
            for (InetSocketAddress smtp : List.of(addresses.smtp().orElseThrow(), addresses.submission().orElseThrow(),
                    addresses.lmtp().orElseThrow())) {
                try (Conversation session = new Conversation(smtp, "192.0.2.9")) {
                    assertTrue(session.line().startsWith("220 "));
                    assertTrue(session.command("NOOP").startsWith("250 "), "the header was not read as a command");
                }
            }
            // /metrics is for 192.0.2.0/24 only: the balancer's own address would get a 404.
            try (Conversation http = new Conversation(addresses.http().orElseThrow(), "192.0.2.10")) {
                String status = http.command("GET /metrics HTTP/1.1\r\nHost: mail.test\r\nConnection: close\r\n");
                assertTrue(status.startsWith("HTTP/1.1 200"), status);
            }
        }
    }

    /** A line-based cleartext conversation through the balancer at 127.0.0.1 for {@code client}. */
    private static final class Conversation implements AutoCloseable {
        private final Socket socket;
        private final BufferedReader in;
        private final OutputStream out;

        Conversation(InetSocketAddress to, String client) throws IOException {
            socket = new Socket();
            socket.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0));
            socket.connect(to, 5_000);
            socket.setSoTimeout(10_000);
            in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
            out = socket.getOutputStream();
            out.write(ProxyHeaders.v2(client, 40000, "127.0.0.1", to.getPort()));
            out.flush();
        }

        String line() throws IOException {
            return in.readLine();
        }

        /** Sends a line and returns the first line of the answer that is not a continuation. */
        String command(String line) throws IOException {
            out.write((line + "\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            String answer = in.readLine();
            while (answer != null && answer.length() > 3 && answer.charAt(3) == '-') {
                answer = in.readLine();
            }
            return answer;
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }
}
