package org.tegami.server;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.List;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * The certificate a server uses until it is given a real one: an EC P-256 key and a self-signed
 * certificate for the hostname, {@code localhost}, {@code 127.0.0.1} and {@code ::1}, kept as PEM in
 * {@code <data>/tls/}. It is reused across starts so clients that accepted it once keep trusting it,
 * and made anew only when it is missing, unreadable, about to expire, or lacks the current hostname.
 */
public final class SelfSignedCertificate {

    public static final String KEY_FILE = "self-signed.key";
    public static final String CERTIFICATE_FILE = "self-signed.crt";
    static final Duration VALIDITY = Duration.ofDays(730);
    /** Renewed this long before expiry, so a running server is not caught by it. */
    static final Duration RENEW_BEFORE = Duration.ofDays(30);
    /** Back-dated a little, so a client whose clock runs slow does not see a certificate from the future. */
    private static final Duration BACKDATE = Duration.ofHours(1);

    /** The certificate in use, and whether this start made it. */
    public record Obtained(ServerCertificate certificate, boolean generated, Path certificateFile) {
    }

    private final Path tlsDir;
    private final Clock clock;
    private final SecureRandom random;

    public SelfSignedCertificate(Path tlsDir, Clock clock, SecureRandom random) {
        this.tlsDir = tlsDir;
        this.clock = clock;
        this.random = random;
    }

    /** The stored certificate if it is still right for {@code hostname}, otherwise a new one. */
    public Obtained obtain(String hostname) {
        Path keyFile = tlsDir.resolve(KEY_FILE);
        Path certificateFile = tlsDir.resolve(CERTIFICATE_FILE);
        if (Files.exists(keyFile) && Files.exists(certificateFile)) {
            try {
                ServerCertificate stored = PemFiles.load(certificateFile, keyFile, true);
                if (isUsable(stored.leaf(), hostname)) {
                    return new Obtained(stored, false, certificateFile);
                }
            } catch (CommandFailure unreadable) {
                // A damaged or half-written pair is simply replaced below.
            }
        }
        ServerCertificate generated = generate(hostname);
        write(generated, keyFile, certificateFile);
        return new Obtained(generated, true, certificateFile);
    }

    private boolean isUsable(X509Certificate certificate, String hostname) {
        Instant renewAt = certificate.getNotAfter().toInstant().minus(RENEW_BEFORE);
        return clock.instant().isBefore(renewAt) && dnsNames(certificate).contains(hostname);
    }

    /** The DNS names among the certificate's subject alternative names. */
    public static List<String> dnsNames(X509Certificate certificate) {
        try {
            Collection<List<?>> names = certificate.getSubjectAlternativeNames();
            if (names == null) {
                return List.of();
            }
            return names.stream()
                    .filter(entry -> (Integer) entry.get(0) == GeneralName.dNSName)
                    .map(entry -> (String) entry.get(1))
                    .toList();
        } catch (CertificateParsingException e) {
            return List.of();
        }
    }

    private ServerCertificate generate(String hostname) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"), random);
            KeyPair keys = generator.generateKeyPair();

            X500Name subject = new X500NameBuilder(BCStyle.INSTANCE)
                    .addRDN(BCStyle.O, "Tegami self-signed")
                    .addRDN(BCStyle.CN, hostname)
                    .build();
            Instant now = clock.instant();
            // RFC 5280 §4.1.2.2: a positive serial of at most 20 octets; random, so browsers never see a reuse.
            BigInteger serial = new BigInteger(159, random);
            X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(subject, serial,
                    Date.from(now.minus(BACKDATE)), Date.from(now.plus(VALIDITY)), subject, keys.getPublic());
            builder.addExtension(Extension.subjectAlternativeName, false, subjectAlternativeNames(hostname));
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
            builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
            builder.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth));
            X509Certificate certificate = new JcaX509CertificateConverter().getCertificate(
                    builder.build(new JcaContentSignerBuilder("SHA256withECDSA").setSecureRandom(random)
                            .build(keys.getPrivate())));
            return new ServerCertificate(keys.getPrivate(), List.of(certificate), true);
        } catch (GeneralSecurityException | OperatorCreationException | CertIOException e) {
            throw new IllegalStateException("cannot generate a self-signed certificate", e);
        }
    }

    private static GeneralNames subjectAlternativeNames(String hostname) {
        // RFC 6125 §6.4.4: clients match SANs only, never the CN, so every name must be listed here.
        List<GeneralName> names = new ArrayList<>();
        names.add(new GeneralName(GeneralName.dNSName, hostname));
        if (!hostname.equals("localhost")) {
            names.add(new GeneralName(GeneralName.dNSName, "localhost"));
        }
        names.add(new GeneralName(GeneralName.iPAddress, "127.0.0.1"));
        names.add(new GeneralName(GeneralName.iPAddress, "::1"));
        return new GeneralNames(names.toArray(GeneralName[]::new));
    }

    private void write(ServerCertificate certificate, Path keyFile, Path certificateFile) {
        try {
            Files.createDirectories(tlsDir);
            if (isPosix()) {
                Files.setPosixFilePermissions(tlsDir, PosixFilePermissions.fromString("rwx------"));
            }
            // The key goes first: a crash before the certificate is written leaves a pair that fails the
            // match check and is regenerated, never a certificate whose key is missing.
            writeAtomically(keyFile, pem(new JcaPKCS8Generator(certificate.privateKey(), null)), "rw-------");
            // The certificate is public; clients and tools may read it to compare the fingerprint.
            writeAtomically(certificateFile, pem(certificate.leaf()), "rw-r--r--");
        } catch (IOException e) {
            throw new CommandFailure("cannot write the self-signed certificate to " + tlsDir + ": " + e.getMessage(), e);
        }
    }

    /**
     * Writes via a temporary file that is owner-only from its creation (so the key is never readable
     * by others, not even briefly), then sets the final permissions and renames it into place.
     */
    private void writeAtomically(Path target, String content, String permissions) throws IOException {
        Path temporary = isPosix()
                ? Files.createTempFile(tlsDir, ".tmp-", ".pem",
                        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")))
                : Files.createTempFile(tlsDir, ".tmp-", ".pem");
        try {
            Files.writeString(temporary, content, StandardCharsets.US_ASCII);
            if (isPosix()) {
                Files.setPosixFilePermissions(temporary, PosixFilePermissions.fromString(permissions));
            }
            Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(temporary);
        }
    }

    private static String pem(Object object) {
        StringWriter text = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(text)) {
            if (object instanceof JcaPKCS8Generator generator) {
                writer.writeObject(generator.generate());
            } else {
                writer.writeObject(object);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return text.toString();
    }

    private static boolean isPosix() {
        return FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
    }
}
