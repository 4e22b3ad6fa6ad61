package org.tegami.http;

import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.buffer.ByteBufUtil;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * An HTTP request as the endpoint handlers see it: copied out of Netty's buffers on the event loop, so handlers
 * run anywhere and never touch reference counts.
 *
 * @param method         the method, upper case as sent
 * @param path           the decoded path without the query
 * @param rawPathAndQuery the request target as sent (origin form), for redirects
 * @param parameters     query parameters, names lower-cased (Outlook sends {@code Email}, Thunderbird
 *                       {@code emailaddress}), first value of each
 * @param host           the Host header's name without port, lower-cased, when it is a plausible host name
 * @param acceptLanguage the Accept-Language header, empty when absent
 * @param body           the request body (bounded by {@link HttpSettings#maxRequestBodyBytes()})
 * @param secure         whether the request came over TLS
 * @param client         the client's address, empty when the transport does not tell it
 */
record Request(String method, String path, String rawPathAndQuery, Map<String, String> parameters,
               Optional<String> host, String acceptLanguage, byte[] body, boolean secure,
               Optional<InetAddress> client) {

    private static final Pattern HOST_NAME = Pattern.compile("[a-z0-9]([a-z0-9.-]{0,252})?");

    /** The path lower-cased, for matching: Outlook varies the case of Autodiscover paths. */
    String matchPath() {
        return path.toLowerCase(Locale.ROOT);
    }

    /** A query parameter by name, any case; blank values count as absent. */
    Optional<String> parameter(String name) {
        return Optional.ofNullable(parameters.get(name.toLowerCase(Locale.ROOT))).filter(v -> !v.isBlank());
    }

    String bodyText() {
        return new String(body, StandardCharsets.UTF_8);
    }

    static Request from(FullHttpRequest request, boolean secure, SocketAddress remote) {
        QueryStringDecoder target = new QueryStringDecoder(request.uri());
        Map<String, String> parameters = new HashMap<>();
        for (Map.Entry<String, List<String>> entry : target.parameters().entrySet()) {
            if (!entry.getValue().isEmpty()) {
                parameters.putIfAbsent(entry.getKey().toLowerCase(Locale.ROOT), entry.getValue().getFirst());
            }
        }
        String rawQuery = target.rawQuery();
        String rawPathAndQuery = target.rawPath() + (rawQuery.isEmpty() ? "" : "?" + rawQuery);
        String acceptLanguage = request.headers().get(HttpHeaderNames.ACCEPT_LANGUAGE, "");
        return new Request(request.method().name(), target.path(), rawPathAndQuery, Map.copyOf(parameters),
                hostName(request.headers().get(HttpHeaderNames.HOST)), acceptLanguage,
                ByteBufUtil.getBytes(request.content()), secure,
                remote instanceof InetSocketAddress inet ? Optional.ofNullable(inet.getAddress()) : Optional.empty());
    }

    /** The host part of a Host header (RFC 9110 §7.2), without the port; empty for IP literals or junk. */
    static Optional<String> hostName(String header) {
        if (header == null) {
            return Optional.empty();
        }
        String host = header.strip().toLowerCase(Locale.ROOT);
        int colon = host.indexOf(':');
        if (colon >= 0) {
            host = host.substring(0, colon);
        }
        if (host.endsWith(".")) {
            host = host.substring(0, host.length() - 1);
        }
        return HOST_NAME.matcher(host).matches() ? Optional.of(host) : Optional.empty();
    }
}
