package org.tegami.server;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Locale;

/**
 * The MTA-STS policy of a domain (RFC 8461 §3.2): the text served at
 * {@code https://mta-sts.<domain>/.well-known/mta-sts.txt}, and the id the {@code _mta-sts} TXT
 * record must carry. The id is derived from the text, so it changes exactly when the policy does,
 * which is what tells senders to fetch it again (RFC 8461 §3.1).
 *
 * @param mode   {@code testing} while the certificate is self-signed (senders would refuse it under
 *               {@code enforce}), {@code enforce} with a configured certificate
 * @param mxHost the one host that receives mail for the domain
 * @param maxAge how long senders may cache the policy
 */
public record MtaStsPolicy(Mode mode, String mxHost, Duration maxAge) {

    /** One week: long enough to protect, short enough to change course (RFC 8461 §3.2 suggests weeks). */
    public static final Duration DEFAULT_MAX_AGE = Duration.ofDays(7);

    /** RFC 8461 §5. */
    public enum Mode { TESTING, ENFORCE }

    /** The policy file; RFC 8461 §3.2 allows CRLF or LF, CRLF is what its examples use. */
    public String text() {
        return "version: STSv1\r\n"
                + "mode: " + mode.name().toLowerCase(Locale.ROOT) + "\r\n"
                + "mx: " + mxHost + "\r\n"
                + "max_age: " + maxAge.toSeconds() + "\r\n";
    }

    /** 20 hex digits of the SHA-256 of the text: within the 32 letters and digits RFC 8461 §3.1 allows. */
    public String id() {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text().getBytes(StandardCharsets.US_ASCII));
            return HexFormat.of().formatHex(digest).substring(0, 20);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }
}
