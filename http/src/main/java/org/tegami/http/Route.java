package org.tegami.http;

import java.util.Locale;
import java.util.Set;

/**
 * A path and the handler behind it.
 *
 * @param path        the path in lower case; matched case-insensitively
 * @param prefix      whether longer paths below {@code path + "/"} match too
 * @param methods     the methods the endpoint takes; HEAD is implied by GET
 * @param cleartext   whether the endpoint is also served over plain HTTP instead of redirecting to HTTPS
 * @param handler     the endpoint
 */
record Route(String path, boolean prefix, Set<String> methods, boolean cleartext, EndpointHandler handler) {

    static final Set<String> GET = Set.of("GET", "HEAD");
    static final Set<String> POST = Set.of("POST");

    Route {
        path = path.toLowerCase(Locale.ROOT);
        methods = Set.copyOf(methods);
    }

    boolean matches(String matchPath) {
        return matchPath.equals(path) || prefix && matchPath.startsWith(path + "/");
    }
}
