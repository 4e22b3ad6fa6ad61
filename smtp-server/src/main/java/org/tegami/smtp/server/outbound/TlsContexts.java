package org.tegami.smtp.server.outbound;

import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * The two TLS client contexts outbound delivery needs: one that verifies the server's certificate
 * (against the configured trust store, or the JDK's), and one for opportunistic TLS that accepts any.
 */
final class TlsContexts {

    private final SSLContext verifying;
    private final SSLContext opportunistic;

    TlsContexts(OutboundSettings settings) {
        try {
            TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            factory.init(settings.trustStore().orElse((KeyStore) null));
            verifying = SSLContext.getInstance("TLS");
            verifying.init(null, factory.getTrustManagers(), null);
            opportunistic = SSLContext.getInstance("TLS");
            opportunistic.init(null, new TrustManager[] {new AnyCertificate()}, null);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("no usable TLS implementation", e);
        }
    }

    SSLContext verifying() {
        return verifying;
    }

    SSLContext opportunistic() {
        return opportunistic;
    }

    /**
     * RFC 7435 §4: without a policy that says which certificate to expect (no MTA-STS, no DANE),
     * encryption is still better than none, so any certificate is taken.
     */
    private static final class AnyCertificate extends X509ExtendedTrustManager {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
            throw new CertificateException("this trust manager only checks servers");
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) {
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
            throw new CertificateException("this trust manager only checks servers");
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            throw new CertificateException("this trust manager only checks servers");
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}
