package org.tegami.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class MetricsEndpointTest {

    private static final String SCRAPE = """
            # HELP tegami_logins_total Logins by outcome
            # TYPE tegami_logins_total counter
            tegami_logins_total{outcome="failure"} 1.0
            tegami_logins_total{outcome="success"} 2.0
            """;

    private static MetricsEndpoint loopbackOnly() {
        return new MetricsEndpoint(() -> SCRAPE, InetAddress::isLoopbackAddress);
    }

    @Test
    void anAllowedClientGetsThePrometheusText() {
        try (TestHttpServer server = new TestHttpServer(Optional.of(loopbackOnly()))) {
            for (var uri : List.of(server.httpUri("/metrics"), server.httpsUri("/metrics"))) {
                HttpResponse<String> response = server.get(uri);
                assertEquals(200, response.statusCode(), uri.toString());
                assertTrue(response.headers().firstValue("Content-Type").orElseThrow().startsWith("text/plain"));
                assertTrue(response.body().contains("tegami_logins_total{outcome=\"success\"} 2.0"));
                assertTrue(response.body().contains("tegami_logins_total{outcome=\"failure\"} 1.0"));
            }
        }
    }

    @Test
    void aClientOutsideTheAllowListGetsA404() {
        try (TestHttpServer server = new TestHttpServer(Optional.of(
                new MetricsEndpoint(() -> SCRAPE, address -> false)))) {
            HttpResponse<String> response = server.get(server.httpUri("/metrics"));
            assertEquals(404, response.statusCode());
            assertFalse(response.body().contains("tegami_"));
        }
    }

    @Test
    void theHandlerChecksTheClientAddress() throws UnknownHostException {
        MetricsHandler handler = new MetricsHandler(loopbackOnly());
        Response outside = handler.handle(request(Optional.of(InetAddress.getByName("192.0.2.7"))));
        assertEquals(404, outside.status());
        assertEquals(404, handler.handle(request(Optional.empty())).status());
        Response inside = handler.handle(request(Optional.of(InetAddress.getByName("::1"))));
        assertEquals(200, inside.status());
        assertEquals(MetricsEndpoint.CONTENT_TYPE, inside.contentType());
    }

    @Test
    void withoutAnEndpointThereIsNoMetricsPage() {
        try (TestHttpServer server = new TestHttpServer()) {
            assertEquals(404, server.get(server.httpsUri("/metrics")).statusCode());
        }
    }

    private static Request request(Optional<InetAddress> client) {
        return new Request("GET", "/metrics", "/metrics", Map.of(), Optional.of("localhost"), "", new byte[0],
                true, client);
    }
}
