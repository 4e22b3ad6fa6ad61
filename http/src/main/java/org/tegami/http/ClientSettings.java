package org.tegami.http;

import java.util.Objects;
import java.util.Optional;

/**
 * What mail clients must be told to connect to: the public host name and the ports as clients see them (any port
 * offset already applied). Every endpoint of this module answers from these values only.
 *
 * @param hostname                  the server's public host name, the one its certificate names
 * @param httpsPort                 where the HTTPS listener is reached (443 unless offset); used in links and redirects
 * @param imapsPort                 IMAP over implicit TLS (993)
 * @param imapPort                  IMAP with STARTTLS (143)
 * @param submissionsPort           SMTP submission over implicit TLS (465, RFC 8314)
 * @param submissionPort            SMTP submission with STARTTLS (587, RFC 6409)
 * @param selfSignedFingerprint     the certificate's SHA-256 fingerprint when it is self-signed (clients warn and
 *                                  people compare it by eye), empty when a public CA signed it
 * @param mtaStsMode                the mode published at {@code /.well-known/mta-sts.txt}
 */
public record ClientSettings(
        String hostname,
        int httpsPort,
        int imapsPort,
        int imapPort,
        int submissionsPort,
        int submissionPort,
        Optional<String> selfSignedFingerprint,
        MtaStsMode mtaStsMode) {

    public ClientSettings {
        Objects.requireNonNull(hostname, "hostname");
        Objects.requireNonNull(selfSignedFingerprint, "selfSignedFingerprint");
        Objects.requireNonNull(mtaStsMode, "mtaStsMode");
        if (hostname.isBlank()) {
            throw new IllegalArgumentException("the public host name must not be blank");
        }
        for (int port : new int[] {httpsPort, imapsPort, imapPort, submissionsPort, submissionPort}) {
            if (port < 1 || port > 65535) {
                throw new IllegalArgumentException("port out of range: " + port);
            }
        }
    }

    /** The standard ports (RFC 8314, RFC 6409) without offset, a self-signed-free certificate, MTA-STS testing. */
    public static ClientSettings standardPorts(String hostname) {
        return new ClientSettings(hostname, 443, 993, 143, 465, 587, Optional.empty(), MtaStsMode.TESTING);
    }

    /** {@code https://hostname} with the port only when it is not 443, without a trailing slash. */
    public String httpsBaseUrl() {
        return "https://" + hostname + (httpsPort == 443 ? "" : ":" + httpsPort);
    }
}
