package org.tegami.server;

import io.netty.handler.ssl.ApplicationProtocolConfig;
import io.netty.handler.ssl.OpenSsl;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import io.netty.handler.ssl.SupportedCipherSuiteFilter;
import java.security.cert.X509Certificate;
import java.util.List;
import javax.net.ssl.SSLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds the server's TLS context: BoringSSL (netty-tcnative) when its native library loads, the
 * JDK's implementation otherwise. Only the configured protocol versions and cipher suites are
 * enabled; suites the provider does not know are dropped with a warning, and none left is an error.
 */
public final class TlsContextFactory {

    private static final Logger LOG = LoggerFactory.getLogger(TlsContextFactory.class);

    private final SslProvider provider;

    public TlsContextFactory(SslProvider provider) {
        this.provider = provider;
    }

    /** OpenSSL (BoringSSL) when available: faster, and it frees the heap from TLS buffers. */
    public static SslProvider preferredProvider() {
        return OpenSsl.isAvailable() ? SslProvider.OPENSSL : SslProvider.JDK;
    }

    public SslProvider provider() {
        return provider;
    }

    /** Says in the log which TLS implementation serves the connections; once, at the start. */
    public void logProvider() {
        if (provider == SslProvider.OPENSSL) {
            LOG.info("TLS by {} (netty-tcnative)", OpenSsl.versionString());
        } else {
            LOG.info("TLS by the JDK provider; native OpenSSL is unavailable: {}",
                    OpenSsl.unavailabilityCause() == null ? "not selected" : OpenSsl.unavailabilityCause().toString());
        }
    }

    /**
     * The context that answers an ACME TLS-ALPN-01 validation: the challenge certificate, and ALPN that
     * selects {@code acme-tls/1} (RFC 8737 §3), with the configured protocol versions.
     */
    public SslContext createAcmeChallenge(java.security.PrivateKey key, X509Certificate certificate,
                                          TegamiConfig.Tls tls) {
        try {
            return SslContextBuilder.forServer(key, certificate)
                    .sslProvider(provider)
                    .protocols(tls.protocols())
                    .applicationProtocolConfig(new ApplicationProtocolConfig(ApplicationProtocolConfig.Protocol.ALPN,
                            ApplicationProtocolConfig.SelectorFailureBehavior.NO_ADVERTISE,
                            ApplicationProtocolConfig.SelectedListenerFailureBehavior.ACCEPT,
                            org.tegami.tls.ClientHello.ACME_TLS_PROTOCOL))
                    .build();
        } catch (SSLException e) {
            throw new IllegalStateException("cannot set up the TLS-ALPN-01 answer: " + e.getMessage(), e);
        }
    }

    public SslContext create(ServerCertificate certificate, TegamiConfig.Tls tls) {
        SslContext context;
        try {
            context = SslContextBuilder
                    .forServer(certificate.privateKey(), certificate.chain().toArray(X509Certificate[]::new))
                    .sslProvider(provider)
                    .protocols(tls.protocols())
                    .ciphers(tls.ciphers(), SupportedCipherSuiteFilter.INSTANCE)
                    .build();
        } catch (SSLException | IllegalArgumentException e) {
            throw new CommandFailure("cannot set up TLS: " + e.getMessage(), e);
        }
        List<String> enabled = context.cipherSuites();
        List<String> dropped = tls.ciphers().stream().filter(cipher -> !enabled.contains(cipher)).toList();
        if (enabled.isEmpty()) {
            throw new CommandFailure("none of the cipher suites in [tls] ciphers is supported by the " + provider
                    + " TLS provider");
        }
        if (!dropped.isEmpty()) {
            LOG.warn("cipher suites not supported by the {} TLS provider, left out: {}", provider, dropped);
        }
        return context;
    }
}
