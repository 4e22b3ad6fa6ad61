package org.tegami.http;

import java.time.Duration;
import org.tegami.connection.ProxyProtocol;

/**
 * Settings of the HTTP service. Every limit is enforced by the codec before a handler sees the request.
 *
 * @param maxRequestLineBytes the request line (method, target, version); longer → 414
 * @param maxHeaderBytes      all header lines together; more → 431 (RFC 6585 §5)
 * @param maxRequestBodyBytes a request body (only Autodiscover takes one); larger → 413
 * @param idleTimeout         a connection that sends nothing for this long is closed
 * @param hstsMaxAge          {@code max-age} of the Strict-Transport-Security header on HTTPS responses
 *                            (RFC 6797 §6.1); zero sends none
 * @param proxyProtocol       which load balancers may name the client with a PROXY header
 */
public record HttpSettings(
        int maxRequestLineBytes,
        int maxHeaderBytes,
        int maxRequestBodyBytes,
        Duration idleTimeout,
        Duration hstsMaxAge,
        ProxyProtocol proxyProtocol) {

    public static final int DEFAULT_MAX_REQUEST_LINE_BYTES = 8 * 1024;
    public static final int DEFAULT_MAX_HEADER_BYTES = 8 * 1024;
    public static final int DEFAULT_MAX_REQUEST_BODY_BYTES = 64 * 1024;

    public HttpSettings {
        if (maxRequestLineBytes < 256) {
            throw new IllegalArgumentException("the request line limit must be at least 256 bytes");
        }
        if (maxHeaderBytes < 1024) {
            throw new IllegalArgumentException("the header limit must be at least 1024 bytes");
        }
        if (maxRequestBodyBytes < 1024) {
            throw new IllegalArgumentException("the request body limit must be at least 1024 bytes");
        }
        if (idleTimeout.isNegative() || idleTimeout.isZero()) {
            throw new IllegalArgumentException("the idle timeout must be positive");
        }
        if (hstsMaxAge.isNegative()) {
            throw new IllegalArgumentException("the HSTS max-age must not be negative");
        }
    }

    /** Settings without the PROXY protocol: every connection is served directly. */
    public HttpSettings(int maxRequestLineBytes, int maxHeaderBytes, int maxRequestBodyBytes, Duration idleTimeout,
                        Duration hstsMaxAge) {
        this(maxRequestLineBytes, maxHeaderBytes, maxRequestBodyBytes, idleTimeout, hstsMaxAge, ProxyProtocol.OFF);
    }

    public HttpSettings withProxyProtocol(ProxyProtocol proxy) {
        return new HttpSettings(maxRequestLineBytes, maxHeaderBytes, maxRequestBodyBytes, idleTimeout, hstsMaxAge,
                proxy);
    }

    public static HttpSettings defaults() {
        return new HttpSettings(DEFAULT_MAX_REQUEST_LINE_BYTES, DEFAULT_MAX_HEADER_BYTES,
                DEFAULT_MAX_REQUEST_BODY_BYTES, Duration.ofSeconds(60), Duration.ofDays(365));
    }
}
