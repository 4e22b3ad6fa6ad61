package org.tegami.server;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * An account's e-mail address, lower-cased: {@code local@domain}. Only ASCII addresses are accepted
 * for now; internationalised addresses (RFC 6531) need SMTPUTF8, which the server does not offer yet.
 */
public record MailAddress(String localPart, String domain) {

    // RFC 5322 §3.2.3 dot-atom: atext runs separated by single dots.
    private static final Pattern DOT_ATOM =
            Pattern.compile("[a-z0-9!#$%&'*+/=?^_`{|}~-]+(\\.[a-z0-9!#$%&'*+/=?^_`{|}~-]+)*");
    // RFC 1035 §2.3.1 label, as relaxed by RFC 1123 §2.1 (may start with a digit).
    private static final Pattern LABEL = Pattern.compile("[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?");
    private static final int MAX_LOCAL_PART_LENGTH = 64; // RFC 5321 §4.5.3.1.1
    private static final int MAX_DOMAIN_LENGTH = 253;

    /** Parses and lower-cases an address; the exception message says what is wrong with it. */
    public static MailAddress parse(String text) {
        String address = text.strip().toLowerCase(Locale.ROOT);
        int at = address.lastIndexOf('@');
        if (at <= 0 || at == address.length() - 1) {
            throw new IllegalArgumentException("'" + text + "' is not an e-mail address (expected local@domain)");
        }
        String local = address.substring(0, at);
        if (local.length() > MAX_LOCAL_PART_LENGTH || !DOT_ATOM.matcher(local).matches()) {
            throw new IllegalArgumentException("'" + text + "' is not a valid e-mail address: the part before @ "
                    + "may hold letters, digits and !#$%&'*+/=?^_`{|}~- separated by single dots, up to 64 characters");
        }
        try {
            return new MailAddress(local, normalizeDomain(address.substring(at + 1)));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("'" + text + "' is not a valid e-mail address: " + e.getMessage(), e);
        }
    }

    /** A domain or host name, lower-cased; the exception message says what is wrong with it. */
    public static String normalizeDomain(String text) {
        String domain = text.strip().toLowerCase(Locale.ROOT);
        if (domain.endsWith(".")) {
            domain = domain.substring(0, domain.length() - 1);
        }
        if (domain.isEmpty() || domain.length() > MAX_DOMAIN_LENGTH) {
            throw new IllegalArgumentException("'" + text + "' is not a valid domain name");
        }
        for (String label : domain.split("\\.", -1)) {
            if (!LABEL.matcher(label).matches()) {
                throw new IllegalArgumentException("'" + text + "' is not a valid domain name (labels are letters, "
                        + "digits and inner hyphens, up to 63 characters, separated by single dots)");
            }
        }
        if (domain.chars().allMatch(c -> c == '.' || Character.isDigit(c))) {
            throw new IllegalArgumentException("'" + text + "' is an IP address, not a domain name");
        }
        return domain;
    }

    @Override
    public String toString() {
        return localPart + "@" + domain;
    }
}
