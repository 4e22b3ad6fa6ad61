package org.tegami.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LimitsTest {

    private static final HttpSettings SETTINGS = new HttpSettings(1024, 2048, 4096, Duration.ofMillis(300),
            Duration.ofDays(1));

    private final TestHttpServer server = new TestHttpServer(SETTINGS, TestHttpServer.CLIENT);

    @AfterAll
    void stop() {
        server.close();
    }

    @Test
    void aBodyAtTheLimitIsAnswered() {
        HttpResponse<String> response = postAutodiscover(SETTINGS.maxRequestBodyBytes());
        assertEquals(200, response.statusCode());
        assertTrue(response.body().contains("<LoginName>alice@example.org</LoginName>"), response.body());
    }

    @Test
    void aBodyOneBytePastTheLimitIs413() {
        assertEquals(413, postAutodiscover(SETTINGS.maxRequestBodyBytes() + 1).statusCode());
    }

    @Test
    void headersWithinTheLimitAreAnswered() {
        try (RawHttp connection = new RawHttp(server.httpAddress())) {
            RawHttp.Reply reply = connection.exchange("GET /healthz HTTP/1.1\r\nHost: localhost\r\nX-Filler: "
                    + "a".repeat(SETTINGS.maxHeaderBytes() - 100) + "\r\n\r\n");
            assertEquals(200, reply.status());
        }
    }

    @Test
    void headersOverTheLimitAre431AndTheConnectionCloses() {
        try (RawHttp connection = new RawHttp(server.httpAddress())) {
            RawHttp.Reply reply = connection.exchange("GET /healthz HTTP/1.1\r\nHost: localhost\r\nX-Filler: "
                    + "a".repeat(SETTINGS.maxHeaderBytes() + 1) + "\r\n\r\n");
            assertEquals(431, reply.status());
            assertEquals("close", reply.headers().get("connection"));
            assertTrue(connection.closedByServer());
        }
    }

    @Test
    void aRequestLineOverTheLimitIs414() {
        try (RawHttp connection = new RawHttp(server.httpAddress())) {
            RawHttp.Reply reply = connection.exchange("GET /healthz?" + "a".repeat(SETTINGS.maxRequestLineBytes())
                    + " HTTP/1.1\r\nHost: localhost\r\n\r\n");
            assertEquals(414, reply.status());
        }
    }

    @Test
    void somethingThatIsNotHttpIs400() {
        try (RawHttp connection = new RawHttp(server.httpAddress())) {
            RawHttp.Reply reply = connection.exchange("GET /healthz HTTP/1.1\r\nHost: localhost\r\n"
                    + "Content-Length: twelve\r\n\r\n");
            assertEquals(400, reply.status());
            assertTrue(connection.closedByServer());
        }
    }

    @Test
    void anIdleConnectionIsClosed() {
        try (RawHttp connection = new RawHttp(server.httpAddress())) {
            // The blocking read returns at the end of stream, which the idle timer causes.
            assertTrue(connection.closedByServer());
        }
    }

    @Test
    void settingsRefuseLimitsTooSmallToWork() {
        assertThrows(IllegalArgumentException.class, () -> new HttpSettings(10, 2048, 4096, Duration.ofSeconds(1),
                Duration.ZERO));
        assertThrows(IllegalArgumentException.class, () -> new HttpSettings(1024, 2048, 4096, Duration.ZERO,
                Duration.ZERO));
    }

    @Test
    void aTakenPortIsABindErrorNamingTheAddress() {
        InetSocketAddress taken = server.httpAddress();
        try (HttpServer other = new HttpServer(SETTINGS, TestHttpServer.CLIENT, server.store().accounts(),
                TestSsl.context())) {
            HttpBindException error = assertThrows(HttpBindException.class,
                    () -> other.listen(new HttpListener("http", taken, false)));
            assertTrue(error.getMessage().contains(":" + taken.getPort() + " for http"), error.getMessage());
        }
    }

    private HttpResponse<String> postAutodiscover(int bodyBytes) {
        String request = """
                <?xml version="1.0" encoding="utf-8"?>
                <Autodiscover xmlns="http://schemas.microsoft.com/exchange/autodiscover/outlook/requestschema/2006">
                  <Request><EMailAddress>alice@example.org</EMailAddress></Request>
                </Autodiscover>
                """;
        String body = request + " ".repeat(bodyBytes - request.length());
        return server.send(HttpRequest.newBuilder(server.httpsUri("/autodiscover/autodiscover.xml"))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build());
    }
}
