package org.tegami.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SetupPageTest {

    private final TestHttpServer server = new TestHttpServer();

    @AfterAll
    void stop() {
        server.close();
    }

    @Test
    void theRootIsAFormAskingForTheAddress() {
        HttpResponse<String> response = server.get(server.httpsUri("/"));
        assertEquals(200, response.statusCode());
        assertEquals("text/html; charset=utf-8", response.headers().firstValue("Content-Type").orElseThrow());
        String html = response.body();
        assertTrue(html.contains("<html lang=\"en\">"));
        assertTrue(html.contains("<meta name=\"viewport\""));
        assertTrue(html.contains("<form method=\"get\" action=\"/setup\">"));
        assertTrue(html.contains("name=\"emailaddress\""));
        assertFalse(html.contains("<table"));
        assertFalse(html.contains("<script"));
    }

    @Test
    void givenAnAddressShowsTheSettingsTable() {
        String html = page("alice%40example.org", "en-GB,en;q=0.9").body();
        assertTrue(html.contains("Settings for alice@example.org"));
        assertTrue(html.contains("<td><code>localhost</code></td><td>10993</td><td>SSL/TLS</td>"), html);
        assertTrue(html.contains("<td><code>localhost</code></td><td>10143</td><td>STARTTLS</td>"));
        assertTrue(html.contains("<td><code>localhost</code></td><td>10465</td><td>SSL/TLS</td>"));
        assertTrue(html.contains("<td><code>localhost</code></td><td>10587</td><td>STARTTLS</td>"));
        assertTrue(html.contains("<code class=\"user\">alice@example.org</code>"));
        assertTrue(html.contains("<code class=\"fingerprint\">" + TestHttpServer.FINGERPRINT + "</code>"));
        assertTrue(html.contains("Thunderbird and Outlook"));
        assertTrue(html.contains("href=\"https://localhost:10443/apple/profile.mobileconfig?emailaddress="
                + "alice%40example.org\""));
        assertTrue(html.contains("not signed"));
        assertTrue(html.contains("<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"qr\""));
        assertTrue(html.contains("<path fill=\"#000\" d=\"M"));
    }

    @Test
    void japaneseWhenPreferredOverEnglish() {
        HttpResponse<String> response = page("alice%40example.org", "en;q=0.5, ja-JP;q=0.9");
        assertEquals("ja", response.headers().firstValue("Content-Language").orElseThrow());
        assertEquals("Accept-Language", response.headers().firstValue("Vary").orElseThrow());
        String html = response.body();
        assertTrue(html.contains("<html lang=\"ja\">"));
        assertTrue(html.contains("alice@example.org の設定"));
        assertTrue(html.contains("受信メール (IMAP)"));
        assertTrue(html.contains("<td>10993</td>"));
        assertTrue(html.contains("<code class=\"fingerprint\">" + TestHttpServer.FINGERPRINT + "</code>"));
    }

    @Test
    void englishWhenPreferredOverJapanese() {
        HttpResponse<String> response = page("alice%40example.org", "ja;q=0.4, en;q=0.8");
        assertEquals("en", response.headers().firstValue("Content-Language").orElseThrow());
        assertTrue(response.body().contains("Settings for alice@example.org"));
    }

    @Test
    void englishForOtherLanguagesAndExcludedJapanese() {
        assertEquals("en", page("alice%40example.org", "fr, de;q=0.5").headers()
                .firstValue("Content-Language").orElseThrow());
        assertEquals("en", page("alice%40example.org", "ja;q=0, fr").headers()
                .firstValue("Content-Language").orElseThrow());
    }

    @Test
    void aMaliciousAddressIsEscapedAndRefused() {
        String html = page("%22%3E%3Cscript%3Ealert(1)%3C%2Fscript%3E%40example.org", "en").body();
        assertFalse(html.contains("<script>"), html);
        assertTrue(html.contains("&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;@example.org"));
        assertTrue(html.contains("This is not a mail address"));
        assertFalse(html.contains("<table"));
    }

    @Test
    void markupCharactersAllowedInAddressesAreEscaped() {
        String html = page("o'neil%26co%40example.org", "en").body();
        assertTrue(html.contains("<code class=\"user\">o&#39;neil&amp;co@example.org</code>"));
        assertFalse(html.contains("o'neil&co"));
        assertTrue(html.contains("emailaddress=o%27neil%26co%40example.org"));
    }

    @Test
    void noFingerprintWhenTheCertificateIsSignedByACa() {
        ClientSettings signed = new ClientSettings("mail.example.org", 443, 993, 143, 465, 587, Optional.empty(),
                MtaStsMode.ENFORCE);
        try (TestHttpServer other = new TestHttpServer(HttpSettings.defaults(), signed)) {
            String html = other.get(other.httpsUri("/setup?emailaddress=alice%40example.org")).body();
            assertFalse(html.contains("fingerprint"));
            assertTrue(html.contains("href=\"https://mail.example.org/apple/profile.mobileconfig?"));
            assertTrue(other.get(other.httpsUri("/.well-known/mta-sts.txt")).body()
                    .contains("mode: enforce\r\nmx: mail.example.org\r\n"));
        }
    }

    @Test
    void htmlCarriesTheSecurityHeadersAndTheStylesheetIsServed() {
        HttpResponse<String> response = page("alice%40example.org", "en");
        assertTrue(response.headers().firstValue("Content-Security-Policy").orElseThrow()
                .startsWith("default-src 'self'"));
        assertEquals("nosniff", response.headers().firstValue("X-Content-Type-Options").orElseThrow());
        assertEquals("no-referrer", response.headers().firstValue("Referrer-Policy").orElseThrow());
        assertTrue(response.headers().firstValue("Strict-Transport-Security").orElseThrow().startsWith("max-age="));
        assertTrue(response.body().contains("<link rel=\"stylesheet\" href=\"/setup.css\">"));

        HttpResponse<String> css = server.get(server.httpsUri("/setup.css"));
        assertEquals(200, css.statusCode());
        assertTrue(css.headers().firstValue("Content-Type").orElseThrow().startsWith("text/css"));
        assertTrue(css.body().contains("@media"));
    }

    private HttpResponse<String> page(String encodedAddress, String acceptLanguage) {
        HttpResponse<String> response = server.get(server.httpsUri("/setup?emailaddress=" + encodedAddress),
                "Accept-Language", acceptLanguage);
        assertEquals(200, response.statusCode());
        return response;
    }
}
