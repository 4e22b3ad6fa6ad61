package org.tegami.http;

/** {@code /metrics}: the scrape for allowed client addresses, 404 for every other (nothing is revealed). */
final class MetricsHandler implements EndpointHandler {
    private final MetricsEndpoint endpoint;

    MetricsHandler(MetricsEndpoint endpoint) {
        this.endpoint = endpoint;
    }

    @Override
    public Response handle(Request request) {
        if (request.client().filter(endpoint.allowed()).isEmpty()) {
            return ErrorPages.notFound();
        }
        return Response.ok(MetricsEndpoint.CONTENT_TYPE, endpoint.scrape().get());
    }
}
