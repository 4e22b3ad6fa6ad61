package org.tegami.http;

import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.util.SelfSignedCertificate;

/** A throwaway server TLS context for tests that never complete a handshake. */
final class TestSsl {
    private TestSsl() {
    }

    static SslContext context() {
        try {
            SelfSignedCertificate certificate = new SelfSignedCertificate("localhost");
            return SslContextBuilder.forServer(certificate.certificate(), certificate.privateKey()).build();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
