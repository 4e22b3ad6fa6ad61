package org.tegami.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tegami.store.sqlite.SqliteMailStore;

/**
 * The setup page of a started server, rendered by a real browser: Debian's Chromium, headless. The page
 * text the browser ends up with must hold the settings a person types into a mail client, in English
 * and, for a browser that prefers Japanese, in Japanese; a screenshot is kept in {@code target/}.
 * Without Chromium the test is skipped with the reason, except under CI, where it fails.
 */
class SetupPageBrowserTest {

    @TempDir
    Path dataDir;

    @TempDir
    Path browserProfile;

    @Test
    void aBrowserShowsTheSettingsInEnglishAndJapanese() throws Exception {
        String chromium = requireChromium();
        StringWriter output = new StringWriter();
        try (RunningServer server = new ServerRunner(TestConfigs.loopback(dataDir), "localhost", SqliteMailStore::open,
                new TlsContextFactory(TlsContextFactory.preferredProvider()), new PrintWriter(output, true)).start()) {
            int https = server.addresses().https().orElseThrow().getPort();
            int imaps = server.addresses().imaps().orElseThrow().getPort();
            int submissions = server.addresses().submissions().orElseThrow().getPort();
            String url = "https://localhost:" + https + "/setup?emailaddress=postmaster%40localhost";
            assertTrue(output.toString().contains("Setup page for mail clients: https://localhost:" + https + "/"),
                    output::toString);

            Path screenshot = Path.of("target", "setup-page.png").toAbsolutePath();
            Files.createDirectories(screenshot.getParent());
            Files.deleteIfExists(screenshot);
            run(chromium, browserProfile.resolve("shot"), "en-US", "--screenshot=" + screenshot,
                    "--window-size=412,915", url);
            assertTrue(Files.size(screenshot) > 1000, "a screenshot was taken: " + screenshot);

            String english = text(run(chromium, browserProfile.resolve("en"), "en-US", "--dump-dom", url));
            assertTrue(english.contains("postmaster@localhost"), english);
            assertTrue(english.contains(Integer.toString(imaps)) && english.contains(Integer.toString(submissions)),
                    english);
            assertTrue(english.contains("SSL/TLS") && english.contains("STARTTLS"), english);
            assertTrue(english.contains(server.certificate().sha256Fingerprint()), english);

            String japanese = text(run(chromium, browserProfile.resolve("ja"), "ja,en", "--dump-dom", url));
            assertTrue(japanese.contains("受信メール (IMAP)") && japanese.contains("送信メール (SMTP)"), japanese);
            assertTrue(japanese.contains("postmaster@localhost"), japanese);
        }
    }

    /** The visible text of a dumped DOM: tags dropped, whitespace collapsed. */
    private static String text(String dom) {
        return dom.replaceAll("(?s)<style.*?</style>", " ").replaceAll("<[^>]+>", " ").replace("&amp;", "&")
                .replaceAll("\\s+", " ");
    }

    private static String requireChromium() {
        for (String candidate : List.of("/usr/bin/chromium", "/usr/bin/chromium-browser")) {
            if (Files.isExecutable(Path.of(candidate))) {
                return candidate;
            }
        }
        String reason = "chromium is not installed (Debian package: chromium)";
        if ("true".equalsIgnoreCase(System.getenv("CI"))) {
            fail(reason + "; CI must run the browser test");
        }
        Assumptions.abort(reason);
        return null;
    }

    /**
     * One headless Chromium run with its own profile. The flags keep it from reaching out to the network
     * on its own (this machine has none) and accept the server's self-signed certificate.
     */
    private static String run(String chromium, Path profile, String language, String... arguments)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(chromium, "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-dev-shm-usage", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--no-first-run", "--disable-quic", "--ignore-certificate-errors",
                "--accept-lang=" + language, "--user-data-dir=" + profile));
        command.addAll(List.of(arguments));
        Process process = new ProcessBuilder(command).start();
        process.getOutputStream().close();
        CompletableFuture<String> out = CompletableFuture.supplyAsync(() -> read(process.getInputStream()));
        CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> read(process.getErrorStream()));
        if (!process.waitFor(90, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            fail("chromium did not finish within 90 s");
        }
        assertEquals(0, process.exitValue(), () -> "chromium failed: " + err.join());
        return out.join();
    }

    private static String read(InputStream in) {
        try {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }
}
