package org.tegami.server.doctor;

import java.io.IOException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.security.GeneralSecurityException;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * The TLS handshake, made with a trust manager that accepts any certificate so that the chain can
 * be captured and judged separately ({@link CertificateCheck}): a doctor must see a bad certificate
 * to say what is wrong with it, where a client would just hang up.
 */
public final class TlsInspection {

    /** What the handshake agreed on, and the socket to talk over from now on. */
    record Handshake(SSLSocket socket, String protocol, String cipherSuite, List<X509Certificate> chain) {
        Handshake {
            chain = List.copyOf(chain);
        }
    }

    private final SSLSocketFactory factory;

    public TlsInspection() {
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, new TrustManager[] {new AcceptingTrustManager()}, null);
            this.factory = context.getSocketFactory();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK offers no TLS client", e);
        }
    }

    /**
     * Runs the handshake on a connected socket (at once for implicit TLS, after STARTTLS otherwise),
     * with the host name as SNI. On failure the socket is closed.
     */
    Handshake handshake(Socket plain, String host, int port) throws IOException {
        try {
            SSLSocket socket = (SSLSocket) factory.createSocket(plain, host, port, true);
            socket.startHandshake();
            List<X509Certificate> chain = new ArrayList<>();
            for (Certificate certificate : socket.getSession().getPeerCertificates()) {
                chain.add((X509Certificate) certificate);
            }
            return new Handshake(socket, socket.getSession().getProtocol(), socket.getSession().getCipherSuite(),
                    chain);
        } catch (IOException e) {
            closeQuietly(plain);
            throw e;
        }
    }

    /** Why a handshake failed, in words and with the usual fix. */
    CheckResult failure(Service service, IOException error) {
        return failure("TLS on " + service.port(), service, error);
    }

    private CheckResult failure(String check, Service service, IOException error) {
        int port = service.port();
        String message = String.valueOf(error.getMessage());
        if (error instanceof SocketTimeoutException) {
            return CheckResult.fail(check, "no TLS answer on port " + port + " (timed out)",
                    "port " + port + " may not speak TLS: use STARTTLS on 143/587 or check the server's TLS settings");
        }
        // The JDK's words for a peer that answered a ClientHello with something that is not TLS.
        if (error instanceof SSLException && (message.contains("Unsupported or unrecognized SSL message")
                || message.contains("plaintext"))) {
            return CheckResult.fail(check, "port " + port + " does not speak TLS (it answered in clear text)",
                    service.implicitTls()
                            ? "port " + port + " does not speak TLS: use STARTTLS on 143/587 or check the server's "
                                    + "TLS settings (" + service.tegamiListener() + " on Tegami)"
                            : "the server accepted STARTTLS but did not start TLS; check its TLS settings");
        }
        if (message.contains("protocol_version") || message.contains("handshake_failure")
                || message.contains("No appropriate protocol")) {
            return CheckResult.fail(check, "no common TLS version or cipher on port " + port + ": " + message,
                    "enable TLS 1.2 and TLS 1.3 with modern ciphers on the server ([tls] protocols and ciphers on Tegami)");
        }
        return CheckResult.fail(check, "the TLS handshake on port " + port + " failed: " + message,
                "port " + port + " does not speak TLS properly: use STARTTLS on 143/587 or check the server's "
                        + "TLS settings");
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            // already reported the failure that matters
        }
    }

    /**
     * Accepts every chain. Extended, so the JDK does not wrap it with its own checks; used only to
     * capture the chain, never to carry a password (logins verify nothing either, which is why the
     * doctor reports the certificate before it logs in).
     */
    private static final class AcceptingTrustManager extends X509ExtendedTrustManager {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) {
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {
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
