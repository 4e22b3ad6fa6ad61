package org.tegami.auth;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.Certificate;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import javax.net.ssl.ExtendedSSLSession;
import javax.net.ssl.SSLKeyException;
import javax.net.ssl.SSLSession;

/**
 * The channel-binding data one TLS connection offers (RFC 5056), by channel-binding type. Each value is
 * present only when the TLS layer in use really produced it, so a mechanism that needs it is offered only
 * where it works:
 * <ul>
 * <li>{@code tls-server-end-point} (RFC 5929 §4.1): the hash of the server's certificate; any TLS
 * provider, as long as the certificate's signature names its hash (not for Ed25519 or Ed448).</li>
 * <li>{@code tls-exporter} (RFC 9266): exported keying material; only TLS 1.3 (RFC 9266 §3 rules out
 * TLS 1.2 without extended master secret, which JSSE cannot tell us), and only from a TLS engine that
 * exports keying material: the JDK's since JDK 25 ({@code ExtendedSSLSession.exportKeyingMaterialData});
 * netty-tcnative/BoringSSL engines do not expose the exporter, so there it is absent.</li>
 * </ul>
 */
public record ChannelBindings(byte[] tlsServerEndPoint, byte[] tlsExporter) {

    public static final String TLS_SERVER_END_POINT = "tls-server-end-point";
    public static final String TLS_EXPORTER = "tls-exporter";

    /** RFC 9266 §2: the exporter label, an empty context, 32 bytes. */
    private static final String EXPORTER_LABEL = "EXPORTER-Channel-Binding";
    private static final int EXPORTER_LENGTH = 32;

    public static final ChannelBindings NONE = new ChannelBindings(null, null);

    public ChannelBindings {
        tlsServerEndPoint = tlsServerEndPoint == null ? null : tlsServerEndPoint.clone();
        tlsExporter = tlsExporter == null ? null : tlsExporter.clone();
    }

    @Override
    public byte[] tlsServerEndPoint() {
        return tlsServerEndPoint == null ? null : tlsServerEndPoint.clone();
    }

    @Override
    public byte[] tlsExporter() {
        return tlsExporter == null ? null : tlsExporter.clone();
    }

    /** Whether no channel-binding type is available. */
    public boolean isEmpty() {
        return tlsServerEndPoint == null && tlsExporter == null;
    }

    /** The data for a channel-binding type by its registered name, if this connection has it. */
    public Optional<byte[]> data(String type) {
        return Optional.ofNullable(switch (type) {
            case TLS_SERVER_END_POINT -> tlsServerEndPoint();
            case TLS_EXPORTER -> tlsExporter();
            default -> null;
        });
    }

    /** The available types, strongest first. */
    public List<String> types() {
        List<String> types = new ArrayList<>(2);
        if (tlsExporter != null) {
            types.add(TLS_EXPORTER);
        }
        if (tlsServerEndPoint != null) {
            types.add(TLS_SERVER_END_POINT);
        }
        return types;
    }

    /** What an established TLS session offers, computed on the server side after the handshake. */
    public static ChannelBindings of(SSLSession session) {
        return new ChannelBindings(serverEndPoint(session), exporter(session));
    }

    /**
     * RFC 5929 §4.1: the hash of the server's certificate (DER), with the hash function of the certificate's
     * signature algorithm, except that MD5 and SHA-1 become SHA-256.
     */
    static byte[] serverEndPoint(SSLSession session) {
        Certificate[] local = session.getLocalCertificates();
        if (local == null || local.length == 0 || !(local[0] instanceof X509Certificate certificate)) {
            return null;
        }
        return serverEndPoint(certificate);
    }

    static byte[] serverEndPoint(X509Certificate certificate) {
        Optional<String> digest = endPointDigest(certificate.getSigAlgName());
        if (digest.isEmpty()) {
            return null;
        }
        try {
            return MessageDigest.getInstance(digest.get()).digest(certificate.getEncoded());
        } catch (NoSuchAlgorithmException | CertificateEncodingException e) {
            return null;
        }
    }

    /** The RFC 5929 §4.1 hash for a signature algorithm name such as {@code SHA384withECDSA} or {@code RSASSA-PSS}. */
    static Optional<String> endPointDigest(String signatureAlgorithm) {
        String name = signatureAlgorithm.toUpperCase(Locale.ROOT).replace("-", "");
        if (name.startsWith("SHA512")) {
            return Optional.of("SHA-512");
        }
        if (name.startsWith("SHA384")) {
            return Optional.of("SHA-384");
        }
        if (name.startsWith("SHA256") || name.startsWith("SHA1") || name.startsWith("MD5")) {
            return Optional.of("SHA-256");
        }
        // RSASSA-PSS names its hash in parameters, Ed25519/Ed448 have none: RFC 5929 defines no binding for
        // them that every client computes alike, so tls-server-end-point is not offered.
        return Optional.empty();
    }

    /** RFC 9266 §2; null unless TLS 1.3 and the engine exports keying material. */
    static byte[] exporter(SSLSession session) {
        if (!"TLSv1.3".equals(session.getProtocol()) || !(session instanceof ExtendedSSLSession extended)) {
            return null;
        }
        try {
            byte[] data = extended.exportKeyingMaterialData(EXPORTER_LABEL, new byte[0], EXPORTER_LENGTH);
            return data != null && data.length == EXPORTER_LENGTH ? data : null;
        } catch (SSLKeyException | UnsupportedOperationException | IllegalStateException e) {
            // Engines without an exporter (netty-tcnative's) inherit the default, which throws.
            return null;
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ChannelBindings b && Arrays.equals(tlsServerEndPoint, b.tlsServerEndPoint)
                && Arrays.equals(tlsExporter, b.tlsExporter);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(tlsServerEndPoint) + Arrays.hashCode(tlsExporter);
    }

    @Override
    public String toString() {
        return "ChannelBindings" + types();
    }
}
