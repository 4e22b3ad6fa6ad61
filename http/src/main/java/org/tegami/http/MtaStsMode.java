package org.tegami.http;

import java.util.Locale;

/** The {@code mode} of the published MTA-STS policy (RFC 8461 §5). */
public enum MtaStsMode {
    /** Sending servers refuse to deliver when the MX or its certificate does not match the policy. */
    ENFORCE,
    /** Sending servers deliver anyway and only report failures (TLSRPT); the safe default while setting up. */
    TESTING,
    /** The domain withdraws a policy it published before. */
    NONE;

    /** The keyword as the policy file spells it. */
    public String keyword() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses {@code enforce}, {@code testing} or {@code none} (any case). */
    public static MtaStsMode parse(String keyword) {
        for (MtaStsMode mode : values()) {
            if (mode.keyword().equalsIgnoreCase(keyword.strip())) {
                return mode;
            }
        }
        throw new IllegalArgumentException("MTA-STS mode must be enforce, testing or none, not " + keyword);
    }
}
