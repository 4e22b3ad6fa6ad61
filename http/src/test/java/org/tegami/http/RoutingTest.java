package org.tegami.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RoutingTest {

    private final TestHttpServer server = new TestHttpServer();

    @AfterAll
    void stop() {
        server.close();
    }

    @Test
    void cleartextRedirectsToTheSamePathOverHttpsOnThePublicHostAndPort() {
        for (String path : List.of("/", "/setup?emailaddress=alice%40example.org", "/.well-known/mta-sts.txt",
                "/no/such/page", "/apple/profile.mobileconfig?emailaddress=a%40b.example")) {
            HttpResponse<String> response = server.get(server.httpUri(path));
            assertEquals(301, response.statusCode(), path);
            assertEquals("https://localhost:10443" + path, response.headers().firstValue("Location").orElseThrow());
            assertTrue(response.headers().firstValue("Strict-Transport-Security").isEmpty());
        }
    }

    @Test
    void cleartextRedirectsPostsToo() {
        HttpResponse<String> response = server.send(HttpRequest.newBuilder(
                        server.httpUri("/autodiscover/autodiscover.xml"))
                .POST(HttpRequest.BodyPublishers.ofString("<Autodiscover/>")).build());
        assertEquals(301, response.statusCode());
        assertEquals("https://localhost:10443/autodiscover/autodiscover.xml",
                response.headers().firstValue("Location").orElseThrow());
    }

    @Test
    void theRedirectIgnoresTheHostHeader() {
        try (RawHttp connection = new RawHttp(server.httpAddress())) {
            RawHttp.Reply reply = connection.exchange("GET /setup HTTP/1.1\r\nHost: evil.example\r\n\r\n");
            assertEquals(301, reply.status());
            assertEquals("https://localhost:10443/setup", reply.headers().get("location"));
        }
    }

    @Test
    void healthIsServedOnBothListeners() {
        for (var uri : List.of(server.httpsUri("/healthz"), server.httpUri("/healthz"))) {
            HttpResponse<String> response = server.get(uri);
            assertEquals(200, response.statusCode(), uri.toString());
            assertEquals("ok", response.body().strip());
        }
    }

    @Test
    void unknownPathsAreA404Page() {
        HttpResponse<String> response = server.get(server.httpsUri("/wp-admin/%3Cb%3E"));
        assertEquals(404, response.statusCode());
        assertTrue(response.headers().firstValue("Content-Type").orElseThrow().startsWith("text/html"));
        assertTrue(response.body().contains("404 Not Found"));
        assertTrue(!response.body().contains("<b>"));
    }

    @Test
    void otherMethodsAreA405NamingTheAllowedOnes() {
        for (String method : List.of("PUT", "DELETE", "OPTIONS", "POST")) {
            HttpResponse<String> response = server.send(HttpRequest.newBuilder(server.httpsUri("/setup"))
                    .method(method, HttpRequest.BodyPublishers.ofString("x")).build());
            assertEquals(405, response.statusCode(), method);
            assertEquals("GET, HEAD", response.headers().firstValue("Allow").orElseThrow());
        }
    }

    @Test
    void headAnswersTheLengthWithoutABody() {
        HttpResponse<String> get = server.get(server.httpsUri("/healthz"));
        HttpResponse<String> head = server.send(HttpRequest.newBuilder(server.httpsUri("/healthz"))
                .method("HEAD", HttpRequest.BodyPublishers.noBody()).build());
        assertEquals(200, head.statusCode());
        assertEquals("", head.body());
        assertEquals(String.valueOf(get.body().length()), head.headers().firstValue("Content-Length").orElseThrow());
    }

    @Test
    void keepAliveAnswersPipelinedRequestsInOrderOnOneConnection() throws Exception {
        try (RawHttp connection = new RawHttp(server.httpAddress())) {
            RawHttp.Reply first = connection.exchange("GET /healthz HTTP/1.1\r\nHost: localhost\r\n\r\n"
                    + "GET /mail/config-v1.1.xml HTTP/1.1\r\nHost: autoconfig.example.org\r\n\r\n"
                    + "GET /setup HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
            assertEquals(200, first.status());
            assertEquals("ok\n", first.body());
            RawHttp.Reply second = connection.read();
            assertEquals(200, second.status());
            assertTrue(second.body().contains("<clientConfig"));
            RawHttp.Reply third = connection.read();
            assertEquals(301, third.status());
            assertEquals("close", third.headers().get("connection"));
            assertTrue(connection.closedByServer());
        }
    }

    @Test
    void mtaStsPolicyNamesTheMxAndTheConfiguredMode() {
        HttpResponse<String> response = server.get(server.httpsUri("/.well-known/mta-sts.txt"));
        assertEquals(200, response.statusCode());
        assertTrue(response.headers().firstValue("Content-Type").orElseThrow().startsWith("text/plain"));
        assertEquals("version: STSv1\r\nmode: testing\r\nmx: localhost\r\nmax_age: 604800\r\n", response.body());
    }
}
