package org.tegami.server;

import java.io.IOException;
import java.io.StringWriter;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileSystems;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.edec.EdECObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.openssl.PEMEncryptedKeyPair;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfo;

/**
 * Reads a certificate chain and a private key from PEM files: the chain as one or more
 * {@code CERTIFICATE} blocks (leaf first), the key as PKCS#8 ({@code PRIVATE KEY}) or traditional
 * OpenSSL ({@code RSA PRIVATE KEY}, {@code EC PRIVATE KEY}). Keys are turned into JDK key objects
 * directly, so no Bouncy Castle security provider has to be registered.
 */
public final class PemFiles {

    private PemFiles() {
    }

    /** Loads a chain and its key and checks that they belong together. */
    public static ServerCertificate load(Path chainFile, Path keyFile, boolean selfSigned) {
        List<X509Certificate> chain = readCertificates(chainFile);
        PrivateKey key = readPrivateKey(keyFile);
        if (!keyMatches(key, chain.getFirst())) {
            throw new CommandFailure("the private key in " + keyFile + " does not belong to the certificate in "
                    + chainFile);
        }
        return new ServerCertificate(key, chain, selfSigned);
    }

    public static List<X509Certificate> readCertificates(Path file) {
        List<X509Certificate> chain = new ArrayList<>();
        JcaX509CertificateConverter converter = new JcaX509CertificateConverter();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.US_ASCII);
             PEMParser parser = new PEMParser(reader)) {
            for (Object block = parser.readObject(); block != null; block = parser.readObject()) {
                if (block instanceof X509CertificateHolder holder) {
                    chain.add(converter.getCertificate(holder));
                }
            }
        } catch (NoSuchFileException e) {
            throw new CommandFailure("certificate file " + file + " does not exist");
        } catch (IOException | CertificateException e) {
            throw new CommandFailure("cannot read certificate file " + file + ": " + e.getMessage(), e);
        }
        if (chain.isEmpty()) {
            throw new CommandFailure("no PEM certificate (-----BEGIN CERTIFICATE-----) found in " + file);
        }
        return chain;
    }

    public static PrivateKey readPrivateKey(Path file) {
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.US_ASCII);
             PEMParser parser = new PEMParser(reader)) {
            for (Object block = parser.readObject(); block != null; block = parser.readObject()) {
                switch (block) {
                    case PrivateKeyInfo info -> {
                        return toJdkKey(info, file);
                    }
                    case PEMKeyPair pair -> {
                        return toJdkKey(pair.getPrivateKeyInfo(), file);
                    }
                    case PEMEncryptedKeyPair ignored -> throw encrypted(file);
                    case PKCS8EncryptedPrivateKeyInfo ignored -> throw encrypted(file);
                    default -> {
                        // EC PARAMETERS and other blocks around the key carry nothing we need.
                    }
                }
            }
        } catch (NoSuchFileException e) {
            throw new CommandFailure("key file " + file + " does not exist");
        } catch (IOException e) {
            throw new CommandFailure("cannot read key file " + file + ": " + e.getMessage(), e);
        }
        throw new CommandFailure("no PEM private key (-----BEGIN PRIVATE KEY----- or -----BEGIN RSA/EC PRIVATE "
                + "KEY-----) found in " + file);
    }

    private static CommandFailure encrypted(Path file) {
        return new CommandFailure("the private key in " + file + " is encrypted; the server starts unattended, "
                + "so store it without a passphrase (openssl pkey -in " + file + " -out plain.key) and protect the "
                + "file with mode 600 instead");
    }

    private static PrivateKey toJdkKey(PrivateKeyInfo info, Path file) {
        ASN1ObjectIdentifier algorithm = info.getPrivateKeyAlgorithm().getAlgorithm();
        String jdkName;
        if (algorithm.equals(PKCSObjectIdentifiers.rsaEncryption)) {
            jdkName = "RSA";
        } else if (algorithm.equals(X9ObjectIdentifiers.id_ecPublicKey)) {
            jdkName = "EC";
        } else if (algorithm.equals(EdECObjectIdentifiers.id_Ed25519)) {
            jdkName = "Ed25519";
        } else {
            throw new CommandFailure("unsupported key type " + algorithm + " in " + file + " (use RSA or EC)");
        }
        try {
            return KeyFactory.getInstance(jdkName).generatePrivate(new PKCS8EncodedKeySpec(info.getEncoded()));
        } catch (GeneralSecurityException | IOException e) {
            throw new CommandFailure("cannot use the private key in " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * Writes a private key as PKCS#8 PEM, readable by the owner only from the first byte on (the file is
     * created owner-only and renamed into place, so it is never readable by others, not even briefly, and a
     * crash leaves either the old key or the new one).
     */
    public static void writeKey(Path file, PrivateKey key) throws IOException {
        writeAtomically(file, pem(new JcaPKCS8Generator(key, null)), "rw-------");
    }

    /** Writes a certificate chain as PEM, leaf first; certificates are public, so the file is world-readable. */
    public static void writeCertificates(Path file, List<X509Certificate> chain) throws IOException {
        StringBuilder text = new StringBuilder();
        for (X509Certificate certificate : chain) {
            text.append(pem(certificate));
        }
        writeAtomically(file, text.toString(), "rw-r--r--");
    }

    private static void writeAtomically(Path target, String content, String permissions) throws IOException {
        Path directory = target.toAbsolutePath().getParent();
        Files.createDirectories(directory);
        boolean posix = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
        Path temporary = posix
                ? Files.createTempFile(directory, ".tmp-", ".pem",
                        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")))
                : Files.createTempFile(directory, ".tmp-", ".pem");
        try {
            try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.WRITE)) {
                channel.write(ByteBuffer.wrap(content.getBytes(StandardCharsets.US_ASCII)));
                channel.force(true);
            }
            if (posix) {
                Files.setPosixFilePermissions(temporary, PosixFilePermissions.fromString(permissions));
            }
            Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(temporary);
        }
    }

    private static String pem(Object object) throws IOException {
        StringWriter text = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(text)) {
            writer.writeObject(object instanceof JcaPKCS8Generator generator ? generator.generate() : object);
        }
        return text.toString();
    }

    /** Whether the key signs what the certificate's public key verifies: the one check that works for every key type. */
    static boolean keyMatches(PrivateKey key, X509Certificate certificate) {
        String algorithm = switch (key.getAlgorithm()) {
            case "RSA" -> "SHA256withRSA";
            case "EC" -> "SHA256withECDSA";
            default -> key.getAlgorithm();
        };
        try {
            byte[] probe = "tegami key check".getBytes(StandardCharsets.US_ASCII);
            Signature signer = Signature.getInstance(algorithm);
            signer.initSign(key);
            signer.update(probe);
            byte[] signature = signer.sign();
            Signature verifier = Signature.getInstance(algorithm);
            verifier.initVerify(certificate.getPublicKey());
            verifier.update(probe);
            return verifier.verify(signature);
        } catch (GeneralSecurityException e) {
            return false;
        }
    }
}
