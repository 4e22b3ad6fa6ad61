package org.tegami.http;

/**
 * The MTA-STS policy (RFC 8461 §3.2), fetched by sending servers from
 * {@code https://mta-sts.<domain>/.well-known/mta-sts.txt} — over HTTPS only (§3.3), so it is not served on the
 * cleartext listener. The one MX is this server's public host name.
 */
final class MtaStsHandler implements EndpointHandler {


    private final ClientSettings client;

    MtaStsHandler(ClientSettings client) {
        this.client = client;
    }

    @Override
    public Response handle(Request request) {
        // §3.2: the media type is text/plain.
        return Response.ok(Response.PLAIN_TEXT, new MtaStsPolicy(client.mtaStsMode(), client.hostname()).text());
    }
}
