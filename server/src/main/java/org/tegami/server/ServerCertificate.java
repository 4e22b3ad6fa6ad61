package org.tegami.server;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.HexFormat;
import java.util.List;

/**
 * The certificate chain and private key the server presents, leaf first.
 *
 * @param selfSigned whether Tegami generated it, in which case clients will warn and the person
 *                   setting one up compares the fingerprint by eye
 */
public record ServerCertificate(PrivateKey privateKey, List<X509Certificate> chain, boolean selfSigned) {

    public ServerCertificate {
        chain = List.copyOf(chain);
        if (chain.isEmpty()) {
            throw new IllegalArgumentException("a certificate chain needs at least one certificate");
        }
    }

    public X509Certificate leaf() {
        return chain.getFirst();
    }

    /** SHA-256 of the leaf certificate, as colon-separated upper-case hex, the way clients display it. */
    public String sha256Fingerprint() {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(leaf().getEncoded());
            return HexFormat.ofDelimiter(":").withUpperCase().formatHex(digest);
        } catch (NoSuchAlgorithmException | CertificateEncodingException e) {
            throw new IllegalStateException("cannot fingerprint the certificate", e);
        }
    }
}
