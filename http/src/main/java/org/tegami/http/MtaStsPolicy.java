package org.tegami.http;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;

/**
 * The MTA-STS policy of this server's domains (RFC 8461 §3.2): the text served at
 * {@code https://mta-sts.<domain>/.well-known/mta-sts.txt}, and the id the {@code _mta-sts} TXT record must
 * carry. The id is derived from the text, so it changes exactly when the policy does, which is what tells
 * senders to fetch it again (RFC 8461 §3.1). The HTTP handler and {@code tegami dns} both use this one record,
 * so the published id always names the served policy.
 *
 * @param mode   enforce, testing or none (RFC 8461 §5)
 * @param mxHost the one host that receives mail for the domain
 * @param maxAge how long senders may cache the policy
 */
public record MtaStsPolicy(MtaStsMode mode, String mxHost, Duration maxAge) {

    /** One week, the value RFC 8461 §3.2 suggests; senders refresh the policy before then. */
    public static final Duration DEFAULT_MAX_AGE = Duration.ofDays(7);

    public MtaStsPolicy(MtaStsMode mode, String mxHost) {
        this(mode, mxHost, DEFAULT_MAX_AGE);
    }

    /** The policy file: key/value lines separated by CRLF, "version" first (§3.2). */
    public String text() {
        return "version: STSv1\r\n"
                + "mode: " + mode.keyword() + "\r\n"
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
