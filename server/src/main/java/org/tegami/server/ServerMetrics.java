package org.tegami.server;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.function.ToDoubleFunction;
import org.tegami.auth.LoginMetrics;

/**
 * The metrics the server publishes at {@code /metrics}, in the Prometheus text format. The counters read the
 * login throttle's own counts at each scrape, so nothing is counted twice.
 */
final class ServerMetrics {

    private ServerMetrics() {
    }

    /**
     * A registry with {@code tegami_logins_total{outcome="success"|"failure"}}, {@code tegami_login_blocks_total}
     * and {@code tegami_connections_refused_total}.
     */
    static PrometheusMeterRegistry registry(LoginMetrics logins) {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        counter(registry, "tegami.logins", "Logins by outcome", logins, s -> s.snapshot().successes(),
                "outcome", "success");
        counter(registry, "tegami.logins", "Logins by outcome", logins, s -> s.snapshot().failures(),
                "outcome", "failure");
        counter(registry, "tegami.login.blocks", "Client addresses blocked after failed logins", logins,
                s -> s.snapshot().blocks());
        counter(registry, "tegami.connections.refused", "Connections refused from blocked addresses", logins,
                s -> s.snapshot().refusedConnections());
        return registry;
    }

    private static void counter(PrometheusMeterRegistry registry, String name, String description,
                                LoginMetrics logins, ToDoubleFunction<LoginMetrics> count, String... tags) {
        FunctionCounter.builder(name, logins, count).description(description).tags(tags).register(registry);
    }
}
