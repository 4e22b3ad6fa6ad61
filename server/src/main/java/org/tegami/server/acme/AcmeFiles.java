package org.tegami.server.acme;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.RSAPublicKeySpec;
import java.util.Optional;
import org.tegami.server.CommandFailure;
import org.tegami.server.PemFiles;
import org.tegami.server.ServerCertificate;
import org.tegami.server.TegamiConfig;

/**
 * What ACME keeps in {@code <data>/tls/acme/}: the account key ({@code account.key}), the certificate chain
 * and its key ({@code certificate.pem}, {@code certificate.key}) and the outcome of the last attempt
 * ({@code status}). Keys are written owner-only; the directory is owner-only too.
 */
public final class AcmeFiles {

    public static final String ACCOUNT_KEY = "account.key";
    public static final String CERTIFICATE = "certificate.pem";
    public static final String CERTIFICATE_KEY = "certificate.key";
    public static final String STATUS = "status";

    private final Path directory;
    private final SecureRandom random;

    public AcmeFiles(Path directory, SecureRandom random) {
        this.directory = directory;
        this.random = random;
    }

    /** {@code <data>/tls/acme}. */
    public static Path directoryOf(Path dataDir) {
        return dataDir.resolve("tls").resolve("acme");
    }

    public Path directory() {
        return directory;
    }

    public Path certificateFile() {
        return directory.resolve(CERTIFICATE);
    }

    public Path certificateKeyFile() {
        return directory.resolve(CERTIFICATE_KEY);
    }

    /**
     * The account key, made on first use. The account at the CA is found again by this key (RFC 8555
     * §7.3.1), so it must survive restarts; it is an ECDSA P-256 key (ES256, which every CA accepts).
     */
    public KeyPair accountKey() {
        Path file = directory.resolve(ACCOUNT_KEY);
        try {
            if (Files.exists(file)) {
                return keyPairOf(PemFiles.readPrivateKey(file));
            }
            KeyPair keys = generate(TegamiConfig.KeyType.EC_P256);
            ensureDirectory();
            PemFiles.writeKey(file, keys.getPrivate());
            return keys;
        } catch (IOException e) {
            throw new CommandFailure("cannot write the ACME account key " + file + ": " + e.getMessage(), e);
        }
    }

    /** The stored certificate, if there is a readable one whose key matches. */
    public Optional<ServerCertificate> certificate() {
        if (!Files.exists(certificateFile()) || !Files.exists(certificateKeyFile())) {
            return Optional.empty();
        }
        return Optional.of(PemFiles.load(certificateFile(), certificateKeyFile(), false));
    }

    /** Stores a new certificate: the key first, so a crash never leaves a chain without its key. */
    public void store(ServerCertificate certificate) {
        try {
            ensureDirectory();
            PemFiles.writeKey(certificateKeyFile(), certificate.privateKey());
            PemFiles.writeCertificates(certificateFile(), certificate.chain());
        } catch (IOException e) {
            throw new CommandFailure("cannot store the ACME certificate in " + directory + ": " + e.getMessage(), e);
        }
    }

    /** Records the outcome of the last attempt, for {@code tegami tls list} and {@code tegami doctor}. */
    public void writeStatus(AcmeStatus status) {
        try {
            ensureDirectory();
            Path temporary = directory.resolve(STATUS + ".tmp");
            Files.writeString(temporary, status.format(), StandardCharsets.UTF_8);
            Files.move(temporary, directory.resolve(STATUS), java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                    java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new CommandFailure("cannot write " + directory.resolve(STATUS) + ": " + e.getMessage(), e);
        }
    }

    public Optional<AcmeStatus> status() {
        Path file = directory.resolve(STATUS);
        try {
            return Files.exists(file) ? Optional.of(AcmeStatus.parse(Files.readAllLines(file))) : Optional.empty();
        } catch (IOException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    KeyPair generate(TegamiConfig.KeyType type) {
        try {
            KeyPairGenerator generator;
            switch (type) {
                case EC_P256 -> {
                    generator = KeyPairGenerator.getInstance("EC");
                    generator.initialize(new ECGenParameterSpec("secp256r1"), random);
                }
                case RSA_2048, RSA_3072, RSA_4096 -> {
                    generator = KeyPairGenerator.getInstance("RSA");
                    generator.initialize(Integer.parseInt(type.word().substring("rsa-".length())), random);
                }
                default -> throw new IllegalArgumentException(type.toString());
            }
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot generate a " + type.word() + " key", e);
        }
    }

    private void ensureDirectory() throws IOException {
        Files.createDirectories(directory);
        if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
            Files.setPosixFilePermissions(directory, PosixFilePermissions.fromString("rwx------"));
        }
    }

    /** The public half of a stored private key, derived from it (EC: the curve point; RSA: the CRT fields). */
    private static KeyPair keyPairOf(PrivateKey key) {
        try {
            if (key instanceof RSAPrivateCrtKey rsa) {
                return new KeyPair(java.security.KeyFactory.getInstance("RSA").generatePublic(
                        new RSAPublicKeySpec(rsa.getModulus(), rsa.getPublicExponent())), key);
            }
            if (key instanceof ECPrivateKey ec) {
                org.bouncycastle.jce.spec.ECParameterSpec spec =
                        org.bouncycastle.jcajce.provider.asymmetric.util.EC5Util.convertSpec(ec.getParams());
                org.bouncycastle.math.ec.ECPoint point = spec.getG().multiply(ec.getS()).normalize();
                java.security.spec.ECPoint jdkPoint = new java.security.spec.ECPoint(
                        point.getAffineXCoord().toBigInteger(), point.getAffineYCoord().toBigInteger());
                return new KeyPair(java.security.KeyFactory.getInstance("EC").generatePublic(
                        new java.security.spec.ECPublicKeySpec(jdkPoint, ec.getParams())), key);
            }
        } catch (GeneralSecurityException e) {
            throw new CommandFailure("cannot use the ACME account key: " + e.getMessage(), e);
        }
        throw new CommandFailure("the ACME account key is neither EC nor RSA");
    }
}
