package org.tegami.server.doctor;

import java.net.InetAddress;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.cert.CertificateException;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/**
 * Judges a captured certificate chain the way a mail client would: trusted by the JDK's CA store
 * (or self-signed, which passes with a warning and the fingerprint to compare), issued for the host
 * name the client connects to, and not expired.
 */
public final class CertificateCheck {

    /** Three weeks: enough time to notice and renew by hand before clients start refusing. */
    static final Duration EXPIRY_WARNING = Duration.ofDays(21);

    private final X509TrustManager trustManager;
    private final Clock clock;

    CertificateCheck(X509TrustManager trustManager, Clock clock) {
        this.trustManager = trustManager;
        this.clock = clock;
    }

    /** Validates against the JDK's default trust store, as Java mail clients do. */
    public static CertificateCheck withDefaultTrustStore(Clock clock) {
        try {
            TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            factory.init((KeyStore) null);
            for (TrustManager manager : factory.getTrustManagers()) {
                if (manager instanceof X509TrustManager x509) {
                    return new CertificateCheck(x509, clock);
                }
            }
            throw new IllegalStateException("the JDK's trust manager factory has no X.509 trust manager");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot load the JDK's trust store", e);
        }
    }

    /**
     * Adds the trust, host name and expiry checks of one chain and returns whether a client could use
     * it without failing (a self-signed certificate counts: the person compares the fingerprint).
     */
    boolean check(List<X509Certificate> chain, String host, String where, Diagnosis diagnosis) {
        X509Certificate leaf = chain.getFirst();
        boolean trusted = trust(chain, where, diagnosis);
        boolean named = name(leaf, host, diagnosis);
        boolean current = expiry(leaf, diagnosis);
        return trusted && named && current;
    }

    private boolean trust(List<X509Certificate> chain, String where, Diagnosis diagnosis) {
        X509Certificate leaf = chain.getFirst();
        String check = "certificate trust";
        try {
            // "UNKNOWN" is the JDK's own key-exchange name for TLS 1.3, which has no RSA/ECDHE distinction.
            trustManager.checkServerTrusted(chain.toArray(X509Certificate[]::new), "UNKNOWN");
            diagnosis.add(CheckResult.ok(check, where + ": issued by " + leaf.getIssuerX500Principal().getName()
                    + ", trusted by the JDK's CA store"));
            return true;
        } catch (CertificateException e) {
            if (selfSigned(chain)) {
                diagnosis.add(CheckResult.warning(check, where + ": self-signed, SHA-256 fingerprint "
                                + fingerprint(leaf),
                        "clients warn once: accept the certificate only if they show this fingerprint and it is the "
                                + "one the server printed at start; a certificate from a public CA (e.g. Let's Encrypt, "
                                + "[tls] certificate and key) avoids the warning"));
                return true;
            }
            diagnosis.add(CheckResult.fail(check, where + ": not trusted (" + rootCause(e) + "); issued by "
                            + leaf.getIssuerX500Principal().getName(),
                    "use a certificate from a public CA and serve the whole chain, the certificate followed by its "
                            + "intermediates ([tls] certificate on Tegami)"));
            return false;
        }
    }

    private boolean name(X509Certificate leaf, String host, Diagnosis diagnosis) {
        String check = "certificate host name";
        List<String> names = names(leaf);
        if (matches(names, host)) {
            diagnosis.add(CheckResult.ok(check, host + " is one of " + String.join(", ", names)));
            return true;
        }
        diagnosis.add(CheckResult.fail(check, "the certificate is for " + (names.isEmpty() ? "no name"
                        : String.join(", ", names)) + ", not for " + host,
                "connect to a name the certificate holds, or get a certificate that includes " + host
                        + " (Tegami makes its self-signed one for its hostname setting)"));
        return false;
    }

    private boolean expiry(X509Certificate leaf, Diagnosis diagnosis) {
        String check = "certificate expiry";
        Instant now = clock.instant();
        Instant notAfter = leaf.getNotAfter().toInstant();
        Instant notBefore = leaf.getNotBefore().toInstant();
        LocalDate until = LocalDate.ofInstant(notAfter, ZoneOffset.UTC);
        String renew = "renew the certificate and restart the server (Tegami replaces its self-signed certificate at "
                + "start when it is about to expire)";
        if (now.isBefore(notBefore)) {
            diagnosis.add(CheckResult.fail(check, "not valid before " + LocalDate.ofInstant(notBefore, ZoneOffset.UTC),
                    "check the clock of the server and of this machine; " + renew));
            return false;
        }
        if (!now.isBefore(notAfter)) {
            long days = Duration.between(notAfter, now).toDays();
            diagnosis.add(CheckResult.fail(check, "expired on " + until + " (" + days + (days == 1 ? " day" : " days")
                    + " ago)", renew));
            return false;
        }
        long days = Duration.between(now, notAfter).toDays();
        String detail = "valid until " + until + " (" + days + (days == 1 ? " day)" : " days)");
        if (Duration.between(now, notAfter).compareTo(EXPIRY_WARNING) < 0) {
            diagnosis.add(CheckResult.warning(check, "expires soon: " + detail, renew));
        } else {
            diagnosis.add(CheckResult.ok(check, detail));
        }
        return true;
    }

    /** Colon-separated upper-case hex, as the server prints it at start and browsers show it. */
    static String fingerprint(X509Certificate certificate) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(certificate.getEncoded());
            return HexFormat.ofDelimiter(":").withUpperCase().formatHex(digest);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot fingerprint a certificate", e);
        }
    }

    private static boolean selfSigned(List<X509Certificate> chain) {
        X509Certificate leaf = chain.getFirst();
        if (!leaf.getSubjectX500Principal().equals(leaf.getIssuerX500Principal())) {
            return false;
        }
        try {
            leaf.verify(leaf.getPublicKey());
            return true;
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    private static String rootCause(Throwable error) {
        Throwable cause = error;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        return String.valueOf(cause.getMessage());
    }

    /** The DNS names and IP addresses of the subject alternative names; the CN only when there are none. */
    static List<String> names(X509Certificate certificate) {
        List<String> names = new ArrayList<>();
        try {
            Collection<List<?>> alternatives = certificate.getSubjectAlternativeNames();
            if (alternatives != null) {
                for (List<?> entry : alternatives) {
                    int type = (Integer) entry.get(0);
                    if (type == 2 || type == 7) { // RFC 5280 §4.2.1.6: dNSName, iPAddress
                        names.add(String.valueOf(entry.get(1)));
                    }
                }
            }
        } catch (CertificateParsingException e) {
            // treated like a certificate without alternative names
        }
        if (names.isEmpty()) {
            for (String part : certificate.getSubjectX500Principal().getName().split(",")) {
                if (part.startsWith("CN=")) {
                    names.add(part.substring(3));
                }
            }
        }
        return names;
    }

    /**
     * RFC 6125 §6.4: names compare case-insensitively; a wildcard stands for exactly one whole
     * left-most label; an IP address matches only an address entry.
     */
    static boolean matches(List<String> names, String host) {
        String wanted = host.toLowerCase(Locale.ROOT).replaceFirst("\\.$", "");
        InetAddress literal = DnsChecks.literal(wanted).orElse(null);
        for (String name : names) {
            String candidate = name.toLowerCase(Locale.ROOT).replaceFirst("\\.$", "");
            if (literal != null) {
                if (DnsChecks.literal(candidate).map(literal::equals).orElse(false)) {
                    return true;
                }
            } else if (candidate.equals(wanted)) {
                return true;
            } else if (candidate.startsWith("*.") && wanted.indexOf('.') > 0
                    && wanted.substring(wanted.indexOf('.')).equals(candidate.substring(1))) {
                return true;
            }
        }
        return false;
    }
}
