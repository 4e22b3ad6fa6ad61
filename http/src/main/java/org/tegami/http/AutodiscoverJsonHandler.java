package org.tegami.http;

/**
 * Autodiscover v2 as Outlook uses it first: {@code GET /autodiscover/autodiscover.json?Email=…&Protocol=…} (also
 * {@code /autodiscover/autodiscover.json/v1.0/<address>?Protocol=…}). For {@code AutodiscoverV1} it answers where
 * the POX endpoint is, which then gives the IMAP and SMTP settings; any other protocol (EWS, ActiveSync, REST…)
 * is not spoken here → 400 with the JSON error Exchange sends.
 */
final class AutodiscoverJsonHandler implements EndpointHandler {

    static final String AUTODISCOVER_V1 = "AutodiscoverV1";

    private final ClientSettings client;

    AutodiscoverJsonHandler(ClientSettings client) {
        this.client = client;
    }

    @Override
    public Response handle(Request request) {
        String protocol = request.parameter("Protocol").orElse("");
        if (!protocol.equalsIgnoreCase(AUTODISCOVER_V1)) {
            return Response.of(400, Response.JSON, "{\"ErrorCode\":\"InvalidProtocol\",\"ErrorMessage\":"
                    + "\"The given protocol value is invalid. Supported values are 'AutodiscoverV1'.\"}");
        }
        String url = client.httpsBaseUrl() + "/autodiscover/autodiscover.xml";
        return Response.ok(Response.JSON, "{\"Protocol\":\"" + AUTODISCOVER_V1 + "\",\"Url\":\"" + json(url) + "\"}");
    }

    /** A JSON string's content (RFC 8259 §7); the URL holds only the host name and a port, but escape anyway. */
    private static String json(String text) {
        StringBuilder out = new StringBuilder();
        for (char c : text.toCharArray()) {
            if (c == '"' || c == '\\') {
                out.append('\\').append(c);
            } else if (c < 0x20) {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }
}
