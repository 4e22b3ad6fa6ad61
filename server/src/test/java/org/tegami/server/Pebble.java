package org.tegami.server;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Pebble, the ACME test server (Debian package {@code pebble}), started by the test on free loopback ports with
 * a certificate for its own HTTPS API made here. Its validation authority resolves names through the test's DNS
 * stub and connects to {@code httpPort} (HTTP-01) and {@code tlsPort} (TLS-ALPN-01) on the addresses found.
 * Challenges are really validated ({@code PEBBLE_VA_ALWAYS_VALID} stays off); a share of requests is refused
 * with {@code badNonce} ({@code PEBBLE_WFE_NONCEREJECT}), which the client must retry.
 */
final class Pebble implements AutoCloseable {

    static final Path BINARY = Path.of("/usr/bin/pebble");
    private static final Duration STARTUP = Duration.ofSeconds(30);
    /** Between two looks at a condition polled with a deadline; short, and leaves the CPU to the server. */
    private static final long POLL_PAUSE_NANOS = java.util.concurrent.TimeUnit.MILLISECONDS.toNanos(20);

    private final Path dir;
    private final int apiPort;
    private final int managementPort;
    private final Path caFile;
    private final Path log;
    private final HttpClient client;
    private final ProcessBuilder command;
    private Process process;

    /**
     * Prepares Pebble; {@link #start} starts it.
     *
     * @param validity the lifetime of the certificates it issues
     */
    Pebble(Path dir, InetSocketAddress dns, int httpPort, int tlsPort, Duration validity, int nonceRejectPercent)
            throws IOException, GeneralSecurityException {
        if (!Files.isExecutable(BINARY)) {
            throw new AssertionError(BINARY + " is missing: install the Debian package 'pebble' "
                    + "(apt-get install pebble), the ACME test server these tests run against");
        }
        this.dir = Files.createDirectories(dir);
        this.apiPort = freePort();
        this.managementPort = freePort();
        TestTls.Issued api = TestTls.issue(Duration.ofDays(2), "localhost", "127.0.0.1");
        TegamiConfig.PemPair files = api.write(dir, "pebble-api");
        this.caFile = files.certificate();
        this.log = dir.resolve("pebble.log");
        Path config = dir.resolve("pebble-config.json");
        Files.writeString(config, """
                {"pebble": {
                  "listenAddress": "127.0.0.1:%d",
                  "managementListenAddress": "127.0.0.1:%d",
                  "certificate": "%s",
                  "privateKey": "%s",
                  "httpPort": %d,
                  "tlsPort": %d,
                  "ocspResponderURL": "",
                  "externalAccountBindingRequired": false,
                  "certificateValidityPeriod": %d
                }}
                """.formatted(apiPort, managementPort, files.certificate(), files.key(), httpPort, tlsPort,
                validity.toSeconds()));
        this.command = new ProcessBuilder(BINARY.toString(), "-config", config.toString(), "-dnsserver",
                dns.getHostString() + ":" + dns.getPort())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        Map<String, String> environment = command.environment();
        environment.put("PEBBLE_VA_NOSLEEP", "1");
        environment.remove("PEBBLE_VA_ALWAYS_VALID");
        environment.put("PEBBLE_WFE_NONCEREJECT", Integer.toString(nonceRejectPercent));
        // Every order is validated anew, renewals too.
        environment.put("PEBBLE_AUTHZREUSE", "0");
        this.client = HttpClient.newBuilder().sslContext(TestTls.trusting(List.of(api.certificate())))
                .connectTimeout(Duration.ofSeconds(5)).build();
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    /** The ACME directory URL. */
    URI directory() {
        return URI.create("https://127.0.0.1:" + apiPort + "/dir");
    }

    /** The CA of Pebble's own HTTPS, for {@code [acme] directory_ca}. */
    Path caFile() {
        return caFile;
    }

    /** Starts Pebble and waits (polling, with a deadline) until its directory answers. */
    void start() throws IOException, InterruptedException {
        process = command.start();
        Instant deadline = Instant.now().plus(STARTUP);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new AssertionError("pebble exited with " + process.exitValue() + ":\n" + log());
            }
            try {
                if (get(directory()).statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            java.util.concurrent.locks.LockSupport.parkNanos(POLL_PAUSE_NANOS);
        }
        throw new AssertionError("pebble did not answer within " + STARTUP + ":\n" + log());
    }

    /** The root that issues Pebble's certificates (management API {@code /roots/0}); made anew at every start. */
    X509Certificate root() throws IOException, InterruptedException, GeneralSecurityException {
        HttpResponse<String> response = get(URI.create("https://127.0.0.1:" + managementPort + "/roots/0"));
        if (response.statusCode() != 200) {
            throw new IOException("pebble /roots/0 answered " + response.statusCode());
        }
        return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(
                new java.io.ByteArrayInputStream(response.body().getBytes(StandardCharsets.US_ASCII)));
    }

    private HttpResponse<String> get(URI uri) throws IOException, InterruptedException {
        return client.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    String log() {
        try {
            return Files.exists(log) ? Files.readString(log) : "(no log)";
        } catch (IOException e) {
            return "(log unreadable: " + e + ")";
        }
    }

    @Override
    public void close() {
        if (process != null) {
            process.destroy();
            try {
                if (!process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
        client.close();
    }
}
