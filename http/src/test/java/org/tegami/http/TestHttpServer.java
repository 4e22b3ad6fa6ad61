package org.tegami.http;

import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.util.SelfSignedCertificate;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.tegami.store.MailStore;
import org.tegami.store.sqlite.SqliteMailStore;
import org.tegami.tls.CertificateRegistry;

/**
 * A real HTTP server for tests: SQLite store in a temporary directory with two local domains and an account, a
 * self-signed certificate for "localhost", an HTTPS and a cleartext listener on ports chosen by the kernel, and an
 * HTTP/1.1 client that trusts the certificate. The public ports clients are told are the standard ones plus
 * 10000, so tests see that answers use the configured ports, not the bound ones.
 */
final class TestHttpServer implements AutoCloseable {

    static final String USER = "alice@example.org";
    static final String FINGERPRINT = "AB:CD:EF:01:23:45:67:89";
    static final ClientSettings CLIENT = new ClientSettings("localhost", 10443, 10993, 10143, 10465, 10587,
            Optional.of(FINGERPRINT), MtaStsMode.TESTING);

    private final Path dataDir;
    private final MailStore store;
    private final HttpServer server;
    private final InetSocketAddress https;
    private final InetSocketAddress http;
    private final HttpClient client;
    private final AcmeHttpChallenges challenges = new AcmeHttpChallenges();

    TestHttpServer() {
        this(HttpSettings.defaults(), CLIENT);
    }

    TestHttpServer(HttpSettings settings, ClientSettings clientSettings) {
        this(settings, clientSettings, Optional.empty());
    }

    TestHttpServer(Optional<MetricsEndpoint> metrics) {
        this(HttpSettings.defaults(), CLIENT, metrics);
    }

    TestHttpServer(HttpSettings settings, ClientSettings clientSettings, Optional<MetricsEndpoint> metrics) {
        try {
            dataDir = Files.createTempDirectory("tegami-http-test");
            store = SqliteMailStore.open(dataDir);
            // "example.net" sorts first: the fallback domain when a request names none.
            store.accounts().addDomain("example.org");
            store.accounts().addDomain("example.net");
            store.accounts().createAccount(USER, "not-a-real-hash", List.of());
            SelfSignedCertificate certificate = new SelfSignedCertificate("localhost");
            SslContext ssl = SslContextBuilder.forServer(certificate.certificate(), certificate.privateKey())
                    .protocols("TLSv1.3", "TLSv1.2").build();
            server = new HttpServer(settings, clientSettings, store.accounts(), CertificateRegistry.of(ssl), metrics,
                    challenges);
            https = server.listen(new HttpListener("https", new InetSocketAddress("localhost", 0), true));
            http = server.listen(new HttpListener("http", new InetSocketAddress("localhost", 0), false));
            client = HttpClient.newBuilder()
                    .version(HttpClient.Version.HTTP_1_1)
                    .followRedirects(HttpClient.Redirect.NEVER)
                    .connectTimeout(Duration.ofSeconds(10))
                    .sslContext(trusting(certificate))
                    .build();
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static SSLContext trusting(SelfSignedCertificate certificate) throws GeneralSecurityException, IOException {
        KeyStore trusted = KeyStore.getInstance(KeyStore.getDefaultType());
        trusted.load(null, null);
        trusted.setCertificateEntry("server", certificate.cert());
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init(trusted);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, factory.getTrustManagers(), null);
        return context;
    }

    InetSocketAddress httpsAddress() {
        return https;
    }

    InetSocketAddress httpAddress() {
        return http;
    }

    AcmeHttpChallenges challenges() {
        return challenges;
    }

    MailStore store() {
        return store;
    }

    URI httpsUri(String pathAndQuery) {
        return URI.create("https://localhost:" + https.getPort() + pathAndQuery);
    }

    URI httpUri(String pathAndQuery) {
        return URI.create("http://localhost:" + http.getPort() + pathAndQuery);
    }

    HttpResponse<String> get(URI uri, String... headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(20)).GET();
        if (headers.length > 0) {
            request.headers(headers);
        }
        return send(request.build());
    }

    HttpResponse<String> send(HttpRequest request) {
        try {
            return client.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        client.close();
        server.close();
        store.close();
        try (Stream<Path> files = Files.walk(dataDir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // A leftover temporary directory is harmless.
        }
    }
}
