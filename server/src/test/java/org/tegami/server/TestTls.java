package org.tegami.server;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * Certificates and TLS clients for the certificate tests: self-signed certificates for given names written as
 * PEM pairs, and a client that sends SNI, trusts only given certificates and verifies the host name as a mail
 * client does.
 */
final class TestTls {

    private TestTls() {
    }

    /** A self-signed certificate and its key. */
    record Issued(X509Certificate certificate, KeyPair keys) {
        ServerCertificate server() {
            return new ServerCertificate(keys.getPrivate(), List.of(certificate), false);
        }

        /** Writes {@code name.crt} and {@code name.key} into {@code dir}. */
        TegamiConfig.PemPair write(Path dir, String name) throws IOException {
            Path chain = dir.resolve(name + ".crt");
            Path key = dir.resolve(name + ".key");
            PemFiles.writeKey(key, keys.getPrivate());
            PemFiles.writeCertificates(chain, List.of(certificate));
            return new TegamiConfig.PemPair(chain, key);
        }
    }

    static Issued issue(Duration validity, String... dnsNames) throws GeneralSecurityException, IOException {
        return issue(validity, false, dnsNames);
    }

    static Issued issue(Duration validity, boolean authority, String... dnsNames)
            throws GeneralSecurityException, IOException {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            KeyPair keys = generator.generateKeyPair();
            X500Name subject = new X500Name("CN=" + dnsNames[0]);
            Instant now = Instant.now();
            JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(subject,
                    new BigInteger(64, new java.security.SecureRandom()), Date.from(now.minus(Duration.ofMinutes(5))),
                    Date.from(now.plus(validity)), subject, keys.getPublic());
            List<GeneralName> names = new ArrayList<>();
            for (String name : dnsNames) {
                names.add(name.matches("[0-9.]+")
                        ? new GeneralName(GeneralName.iPAddress, name) : new GeneralName(GeneralName.dNSName, name));
            }
            builder.addExtension(Extension.subjectAlternativeName, false,
                    new GeneralNames(names.toArray(GeneralName[]::new)));
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(authority));
            X509Certificate certificate = new JcaX509CertificateConverter().getCertificate(
                    builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(keys.getPrivate())));
            return new Issued(certificate, keys);
        } catch (org.bouncycastle.operator.OperatorCreationException e) {
            throw new GeneralSecurityException(e);
        }
    }

    /** A client context that trusts exactly {@code anchors}. */
    static SSLContext trusting(List<X509Certificate> anchors) throws GeneralSecurityException, IOException {
        KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
        store.load(null, null);
        for (int i = 0; i < anchors.size(); i++) {
            store.setCertificateEntry("anchor-" + i, anchors.get(i));
        }
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init(store);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, factory.getTrustManagers(), null);
        return context;
    }

    /**
     * Connects to {@code 127.0.0.1:port} asking for {@code serverName} by SNI, with host name verification on
     * (RFC 6125, as mail clients do it), and completes the handshake.
     */
    static SSLSocket connect(SSLContext trust, int port, String serverName) throws IOException {
        SSLSocket socket = (SSLSocket) trust.getSocketFactory().createSocket("127.0.0.1", port);
        socket.setSoTimeout(20_000);
        SSLParameters parameters = socket.getSSLParameters();
        parameters.setServerNames(List.of(new SNIHostName(serverName)));
        parameters.setEndpointIdentificationAlgorithm("HTTPS");
        socket.setSSLParameters(parameters);
        try {
            socket.startHandshake();
        } catch (IOException e) {
            socket.close();
            throw e;
        }
        return socket;
    }

    static X509Certificate presented(SSLSocket socket) throws IOException {
        return (X509Certificate) socket.getSession().getPeerCertificates()[0];
    }

    /** The same configuration with other TLS settings and ACME. */
    static TegamiConfig with(TegamiConfig c, TegamiConfig.Tls tls, Optional<TegamiConfig.Acme> acme) {
        return new TegamiConfig(c.hostname(), c.dataDir(), c.bind(), c.portOffset(), c.imaps(), c.imap(), tls,
                c.limits(), c.throttle(), c.blocking(), c.maxAppPasswords(), c.smtp(), c.web(), c.oauthIssuers(),
                c.proxyProtocol(), acme, c.storage());
    }
}
