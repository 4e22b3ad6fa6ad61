package org.tegami.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.handler.ssl.SslProvider;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tegami.auth.Network;
import org.tegami.store.sqlite.SqliteMailStore;

class ServerMetricsTest {

    @TempDir
    Path dataDir;

    @Test
    void theScrapeCountsFailedAndSuccessfulLogins() throws Exception {
        StringWriter output = new StringWriter();
        try (RunningServer server = new ServerRunner(TestConfigs.loopback(dataDir), "mail.test", SqliteMailStore::open,
                new TlsContextFactory(SslProvider.JDK), new PrintWriter(output, true)).start()) {
            Matcher password = Pattern.compile("Password for postmaster@mail\\.test: (\\S+)").matcher(output.toString());
            assertTrue(password.find(), output.toString());
            try (RawImapClient imap = RawImapClient.connect(server.imapsAddress().orElseThrow().getPort(),
                    server.certificate().sha256Fingerprint(), Duration.ofSeconds(30))) {
                assertFalse(imap.login("postmaster@mail.test", "wrong-password").ok());
                assertTrue(imap.login("postmaster@mail.test", password.group(1)).ok());
            }
            HttpResponse<String> scrape = get(server.addresses().http().orElseThrow(), "/metrics");
            assertEquals(200, scrape.statusCode());
            assertTrue(scrape.headers().firstValue("Content-Type").orElseThrow().startsWith("text/plain"));
            String body = scrape.body();
            assertTrue(body.contains("tegami_logins_total{outcome=\"failure\"} 1.0"), body);
            assertTrue(body.contains("tegami_logins_total{outcome=\"success\"} 1.0"), body);
            assertTrue(body.contains("tegami_login_blocks_total 0.0"), body);
            assertTrue(body.contains("tegami_connections_refused_total 0.0"), body);
            assertFalse(body.contains(password.group(1)), body);
        }
    }

    @Test
    void onlyTheConfiguredNetworksMayReadTheMetrics() throws Exception {
        TegamiConfig.Web web = TegamiConfig.Web.DEFAULT;
        assertTrue(web.metricsAllowed(InetAddress.getByName("127.0.0.1")));
        assertTrue(web.metricsAllowed(InetAddress.getByName("::1")));
        assertFalse(web.metricsAllowed(InetAddress.getByName("192.0.2.7")));

        TegamiConfig.Web office = new TegamiConfig.Web(TestConfigs.EPHEMERAL, TestConfigs.EPHEMERAL,
                org.tegami.http.MtaStsMode.TESTING, List.of(Network.parse("192.0.2.0/24")));
        assertFalse(office.metricsAllowed(InetAddress.getByName("127.0.0.1")));
        assertTrue(office.metricsAllowed(InetAddress.getByName("192.0.2.7")));

        StringWriter output = new StringWriter();
        TegamiConfig defaults = TestConfigs.loopback(dataDir);
        TegamiConfig config = TestConfigs.loopback(dataDir, TestConfigs.EPHEMERAL, TestConfigs.EPHEMERAL,
                defaults.smtp(), office);
        try (RunningServer server = new ServerRunner(config, "mail.test", SqliteMailStore::open,
                new TlsContextFactory(SslProvider.JDK), new PrintWriter(output, true)).start()) {
            HttpResponse<String> scrape = get(server.addresses().http().orElseThrow(), "/metrics");
            assertEquals(404, scrape.statusCode());
            assertFalse(scrape.body().contains("tegami_"), scrape.body());
        }
    }

    private static HttpResponse<String> get(InetSocketAddress address, String path) throws Exception {
        try (HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10)).build()) {
            return client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + address.getPort() + path))
                    .timeout(Duration.ofSeconds(20)).GET().build(), HttpResponse.BodyHandlers.ofString());
        }
    }
}
