package org.tegami.tls;

import io.netty.handler.ssl.SslContext;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * One immutable generation of the server's certificates: a TLS context per host name, and the one for
 * clients that send no name or a name no certificate has.
 *
 * @param fallback the context for connections without a matching server name
 * @param byName   contexts by lower-case host name; a key {@code *.example.com} is a wildcard for one label
 */
public record SniTable(SslContext fallback, Map<String, SslContext> byName) {

    public SniTable {
        Objects.requireNonNull(fallback, "fallback");
        byName = Map.copyOf(byName.entrySet().stream()
                .collect(Collectors.toMap(entry -> entry.getKey().toLowerCase(Locale.ROOT), Map.Entry::getValue,
                        (first, second) -> first)));
    }

    /** A table with one certificate for every name. */
    public static SniTable of(SslContext only) {
        return new SniTable(only, Map.of());
    }

    /**
     * The context for a requested server name: an exact entry first, then a wildcard entry for the name's
     * parent (RFC 6125 §6.4.3: a wildcard stands for exactly one left-most label), then the fallback.
     */
    public SslContext select(Optional<String> serverName) {
        if (serverName.isEmpty()) {
            return fallback;
        }
        String name = serverName.get().toLowerCase(Locale.ROOT);
        SslContext exact = byName.get(name);
        if (exact != null) {
            return exact;
        }
        int dot = name.indexOf('.');
        if (dot > 0) {
            SslContext wildcard = byName.get("*" + name.substring(dot));
            if (wildcard != null) {
                return wildcard;
            }
        }
        return fallback;
    }
}
