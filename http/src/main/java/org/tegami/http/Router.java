package org.tegami.http;

import java.util.List;

/**
 * Picks the endpoint for a request. Over cleartext only the routes marked {@code cleartext} are served; every
 * other request, known path or not, is redirected to the same path over HTTPS.
 */
final class Router {
    private final List<Route> routes;
    private final ClientSettings client;

    Router(List<Route> routes, ClientSettings client) {
        this.routes = List.copyOf(routes);
        this.client = client;
    }

    Response route(Request request) {
        String path = request.matchPath();
        Route route = routes.stream().filter(r -> r.matches(path)).findFirst().orElse(null);
        if (!request.secure() && (route == null || !route.cleartext())) {
            return redirectToHttps(request);
        }
        if (route == null) {
            return ErrorPages.notFound();
        }
        if (!route.methods().contains(request.method())) {
            return ErrorPages.methodNotAllowed(route.methods());
        }
        return route.handler().handle(request);
    }

    /**
     * RFC 9110 §15.4.2: 301 to the same target on the public host name, the name the certificate is for (not the
     * Host header, which may be {@code autoconfig.<domain>} or anything a client sent).
     */
    private Response redirectToHttps(Request request) {
        String location = client.httpsBaseUrl() + request.rawPathAndQuery();
        return ErrorPages.page(301, "Moved Permanently", "This page is served over HTTPS only.")
                .withHeader("Location", location);
    }
}
