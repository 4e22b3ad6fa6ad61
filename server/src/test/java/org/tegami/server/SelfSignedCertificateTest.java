package org.tegami.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SelfSignedCertificateTest {

    private static final Instant NOW = Instant.parse("2026-01-10T12:00:00Z");

    @TempDir
    Path tlsDir;

    private SelfSignedCertificate at(Instant now) {
        return new SelfSignedCertificate(tlsDir, Clock.fixed(now, ZoneOffset.UTC), new SecureRandom());
    }

    @Test
    void namesTheHostLocalhostAndLoopbackAddresses() throws Exception {
        X509Certificate certificate = at(NOW).obtain("mail.example.com").certificate().leaf();
        assertEquals(List.of("mail.example.com", "localhost"), SelfSignedCertificate.dnsNames(certificate));
        Set<InetAddress> addresses = certificate.getSubjectAlternativeNames().stream()
                .filter(entry -> (Integer) entry.get(0) == 7)
                .map(entry -> InetAddress.ofLiteral((String) entry.get(1)))
                .collect(Collectors.toSet());
        assertEquals(Set.of(InetAddress.ofLiteral("127.0.0.1"), InetAddress.ofLiteral("::1")), addresses);
        assertEquals("EC", certificate.getPublicKey().getAlgorithm());
        Duration validity = Duration.between(certificate.getNotBefore().toInstant(), certificate.getNotAfter().toInstant());
        assertTrue(validity.toDays() >= 720 && validity.toDays() <= 740, validity::toString);
        assertTrue(certificate.getExtendedKeyUsage().contains("1.3.6.1.5.5.7.3.1")); // serverAuth
        certificate.verify(certificate.getPublicKey()); // really self-signed
    }

    @Test
    void fingerprintIsColonSeparatedUpperCaseSha256() {
        String fingerprint = at(NOW).obtain("mail.example.com").certificate().sha256Fingerprint();
        assertTrue(fingerprint.matches("([0-9A-F]{2}:){31}[0-9A-F]{2}"), fingerprint);
    }

    @Test
    void storesPemFilesWithAPrivateKeyOnlyTheOwnerCanRead() throws IOException {
        at(NOW).obtain("mail.example.com");
        Path key = tlsDir.resolve(SelfSignedCertificate.KEY_FILE);
        Path certificate = tlsDir.resolve(SelfSignedCertificate.CERTIFICATE_FILE);
        assertTrue(Files.readString(key).startsWith("-----BEGIN PRIVATE KEY-----"));
        assertTrue(Files.readString(certificate).startsWith("-----BEGIN CERTIFICATE-----"));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(key)));
        assertEquals("rw-r--r--", PosixFilePermissions.toString(Files.getPosixFilePermissions(certificate)));
        try (var leftovers = Files.list(tlsDir)) {
            assertEquals(2, leftovers.count(), "no temporary files left behind");
        }
    }

    @Test
    void isReusedOnTheNextStart() {
        SelfSignedCertificate.Obtained first = at(NOW).obtain("mail.example.com");
        SelfSignedCertificate.Obtained second = at(NOW.plus(Duration.ofDays(100))).obtain("mail.example.com");
        assertTrue(first.generated());
        assertFalse(second.generated());
        assertEquals(first.certificate().sha256Fingerprint(), second.certificate().sha256Fingerprint());
    }

    @Test
    void isRegeneratedWhenTheHostnameChanges() {
        SelfSignedCertificate.Obtained first = at(NOW).obtain("old.example.com");
        SelfSignedCertificate.Obtained second = at(NOW).obtain("new.example.com");
        assertTrue(second.generated());
        assertNotEquals(first.certificate().sha256Fingerprint(), second.certificate().sha256Fingerprint());
        assertEquals(List.of("new.example.com", "localhost"),
                SelfSignedCertificate.dnsNames(second.certificate().leaf()));
    }

    @Test
    void isRegeneratedWhenItIsAboutToExpire() {
        at(NOW).obtain("mail.example.com");
        assertTrue(at(NOW.plus(Duration.ofDays(710))).obtain("mail.example.com").generated());
    }

    @Test
    void isRegeneratedWhenTheFilesAreDamaged() throws IOException {
        at(NOW).obtain("mail.example.com");
        Files.writeString(tlsDir.resolve(SelfSignedCertificate.KEY_FILE), "garbage");
        assertTrue(at(NOW).obtain("mail.example.com").generated());
    }

    @Test
    void configuredFilesMayHoldATraditionalRsaKey() throws Exception {
        // An RSA key written the traditional OpenSSL way must load; a foreign key must be refused.
        SelfSignedCertificate.Obtained obtained = at(NOW).obtain("mail.example.com");
        Path certificateFile = obtained.certificateFile();
        ServerCertificate loaded = PemFiles.load(certificateFile, tlsDir.resolve(SelfSignedCertificate.KEY_FILE), false);
        assertEquals(obtained.certificate().sha256Fingerprint(), loaded.sha256Fingerprint());

        KeyPairGenerator rsa = KeyPairGenerator.getInstance("RSA");
        rsa.initialize(2048);
        Path rsaKey = tlsDir.resolve("rsa.key");
        byte[] pkcs1 = org.bouncycastle.asn1.pkcs.PrivateKeyInfo.getInstance(rsa.generateKeyPair().getPrivate().getEncoded())
                .parsePrivateKey().toASN1Primitive().getEncoded();
        Files.writeString(rsaKey, "-----BEGIN RSA PRIVATE KEY-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(pkcs1) + "\n-----END RSA PRIVATE KEY-----\n");
        assertEquals("RSA", PemFiles.readPrivateKey(rsaKey).getAlgorithm());
        CommandFailure mismatch = assertThrows(CommandFailure.class, () -> PemFiles.load(certificateFile, rsaKey, false));
        assertTrue(mismatch.getMessage().contains("does not belong to the certificate"), mismatch.getMessage());
    }
}
