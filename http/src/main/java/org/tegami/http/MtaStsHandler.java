package org.tegami.http;

/**
 * The MTA-STS policy (RFC 8461 §3.2), fetched by sending servers from
 * {@code https://mta-sts.<domain>/.well-known/mta-sts.txt} — over HTTPS only (§3.3), so it is not served on the
 * cleartext listener. The one MX is this server's public host name.
 */
final class MtaStsHandler implements EndpointHandler {

    /** One week, the value RFC 8461 §3.2 suggests; senders refresh the policy before then. */
    static final long MAX_AGE_SECONDS = 604_800;

    private final ClientSettings client;

    MtaStsHandler(ClientSettings client) {
        this.client = client;
    }

    @Override
    public Response handle(Request request) {
        // §3.2: key/value lines separated by CRLF, "version" first; the media type is text/plain.
        String policy = "version: STSv1\r\n"
                + "mode: " + client.mtaStsMode().keyword() + "\r\n"
                + "mx: " + client.hostname() + "\r\n"
                + "max_age: " + MAX_AGE_SECONDS + "\r\n";
        return Response.ok(Response.PLAIN_TEXT, policy);
    }
}
