package org.tegami.tls;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.handler.ssl.SslHandler;
import io.netty.util.concurrent.Future;
import io.netty.handler.ssl.SslContext;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The certificates every TLS listener presents, chosen per connection from the ClientHello, and
 * replaceable while the server runs: {@link #publish} swaps the whole {@link SniTable} at once, so a new
 * connection sees either the old or the new generation, never a mix, and connections already in TLS keep
 * the engine they were given. Besides the table it holds the short-lived certificates that answer ACME
 * TLS-ALPN-01 validations (RFC 8737), which only a client offering exactly {@code acme-tls/1} gets.
 */
public final class CertificateRegistry {

    /** What a connection gets: the context, and whether it is an ACME validation rather than a client. */
    record Selection(SslContext context, boolean acmeChallenge) {
    }

    private final AtomicReference<SniTable> table;
    private final Map<String, SslContext> acmeChallenges = new ConcurrentHashMap<>();

    public CertificateRegistry(SniTable initial) {
        this.table = new AtomicReference<>(Objects.requireNonNull(initial, "initial"));
    }

    /** A registry that presents one certificate to every client, whatever name it asks for. */
    public static CertificateRegistry of(SslContext only) {
        return new CertificateRegistry(SniTable.of(only));
    }

    /** The generation new connections get now. */
    public SniTable table() {
        return table.get();
    }

    /** Makes {@code next} the generation for every connection from now on. */
    public void publish(SniTable next) {
        table.set(Objects.requireNonNull(next, "next"));
    }

    /**
     * Answers TLS-ALPN-01 validations of {@code name} with {@code context} (its certificate carries the
     * acmeIdentifier extension, RFC 8737 §3) until {@link #withdrawAcmeChallenge} is called.
     */
    public void answerAcmeChallenge(String name, SslContext context) {
        acmeChallenges.put(name.toLowerCase(Locale.ROOT), Objects.requireNonNull(context, "context"));
    }

    public void withdrawAcmeChallenge(String name) {
        acmeChallenges.remove(name.toLowerCase(Locale.ROOT));
    }

    /** The handler that starts TLS on a connection (implicit TLS, or right after a STARTTLS answer). */
    public ChannelHandler newHandler() {
        return new ServerNameHandler(this);
    }

    /**
     * The TLS handler of a connection this registry started TLS on (or any {@link SslHandler}), once its
     * handshake has succeeded; the future fails when the handshake does. Null when the connection has no
     * TLS. For session code off the event loop that needs the TLS session, e.g. its channel bindings.
     */
    public static Future<SslHandler> handshake(Channel channel) {
        return ServerNameHandler.handshake(channel);
    }

    Selection select(ClientHello hello) {
        if (hello.isAcmeChallenge()) {
            SslContext challenge = acmeChallenges.get(hello.serverName().orElseThrow());
            if (challenge != null) {
                return new Selection(challenge, true);
            }
        }
        return new Selection(table.get().select(hello.serverName()), false);
    }
}
