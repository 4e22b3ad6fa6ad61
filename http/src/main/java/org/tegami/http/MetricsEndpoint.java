package org.tegami.http;

import java.net.InetAddress;
import java.util.Objects;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * The {@code /metrics} page: the Prometheus text exposition format, for the client addresses allowed to read it.
 * Every other client gets the same 404 as for a path that does not exist.
 *
 * @param scrape  the current metrics in the Prometheus text format (version 0.0.4)
 * @param allowed whether a client address may read them
 */
public record MetricsEndpoint(Supplier<String> scrape, Predicate<InetAddress> allowed) {

    /** The media type of the Prometheus text exposition format. */
    public static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    public MetricsEndpoint {
        Objects.requireNonNull(scrape, "scrape");
        Objects.requireNonNull(allowed, "allowed");
    }
}
