package org.tegami.http;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What an endpoint answers. The dispatcher adds the length, connection and security headers.
 *
 * @param status      the HTTP status code
 * @param contentType the media type with its charset, if any
 * @param headers     further headers, in order
 * @param body        the full body (a HEAD response sends its length only)
 */
record Response(int status, String contentType, Map<String, String> headers, byte[] body) {

    static final String HTML = "text/html; charset=utf-8";
    static final String PLAIN_TEXT = "text/plain; charset=utf-8";
    static final String XML = "application/xml; charset=utf-8";
    static final String JSON = "application/json; charset=utf-8";

    Response {
        headers = Map.copyOf(headers);
    }

    static Response of(int status, String contentType, String body) {
        return new Response(status, contentType, Map.of(), body.getBytes(StandardCharsets.UTF_8));
    }

    static Response ok(String contentType, String body) {
        return of(200, contentType, body);
    }

    Response withHeader(String name, String value) {
        Map<String, String> more = new LinkedHashMap<>(headers);
        more.put(name, value);
        return new Response(status, contentType, more, body);
    }
}
