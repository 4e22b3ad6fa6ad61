package org.tegami.http;

/** {@code /healthz}: 200 "ok" while the service accepts requests. */
final class HealthHandler implements EndpointHandler {
    @Override
    public Response handle(Request request) {
        return Response.ok(Response.PLAIN_TEXT, "ok\n");
    }
}
