package org.tegami.smtp.protocol;

/** The inside of an address literal, between the brackets (RFC 5321 §4.1.3). */
final class AddressLiteral {

    private AddressLiteral() {
    }

    static boolean isValid(String content) {
        if (isIpv4(content)) {
            return true;
        }
        // IPv6-address-literal = "IPv6:" IPv6-addr
        if (Ascii.startsWithIgnoreCase(content, 0, "IPV6:")) {
            return isIpv6(content.substring(5));
        }
        return isGeneral(content);
    }

    /** IPv4-address-literal = Snum 3("."  Snum), Snum = 1*3DIGIT representing a decimal integer value in the range 0 through 255. */
    static boolean isIpv4(String s) {
        String[] parts = s.split("\\.", -1);
        if (parts.length != 4) {
            return false;
        }
        for (String part : parts) {
            if (part.isEmpty() || part.length() > 3) {
                return false;
            }
            for (int i = 0; i < part.length(); i++) {
                if (!Ascii.isDigit(part.charAt(i))) {
                    return false;
                }
            }
            if (Integer.parseInt(part) > 255) {
                return false;
            }
        }
        return true;
    }

    /**
     * IPv6-addr = IPv6-full / IPv6-comp / IPv6v4-full / IPv6v4-comp. Without "::" there are 8 groups (an IPv4
     * tail counting as 2); with "::" at most 6, since it stands for at least 2 groups of zeros.
     */
    static boolean isIpv6(String s) {
        int compressed = s.indexOf("::");
        if (compressed < 0) {
            return groups(s, true) == 8;
        }
        if (s.indexOf("::", compressed + 1) >= 0) {
            return false;
        }
        int left = groups(s.substring(0, compressed), false);
        int right = groups(s.substring(compressed + 2), true);
        return left >= 0 && right >= 0 && left + right <= 6;
    }

    /** 16-bit groups in a colon-separated run (IPv4 tail = 2), 0 for an empty run, -1 if malformed. */
    private static int groups(String run, boolean ipv4TailAllowed) {
        if (run.isEmpty()) {
            return 0;
        }
        String[] parts = run.split(":", -1);
        int count = 0;
        for (int i = 0; i < parts.length; i++) {
            String part = parts[i];
            if (i == parts.length - 1 && ipv4TailAllowed && part.indexOf('.') >= 0) {
                if (!isIpv4(part)) {
                    return -1;
                }
                count += 2;
            } else if (isHex16(part)) {
                count++;
            } else {
                return -1;
            }
        }
        return count;
    }

    /** IPv6-hex = 1*4HEXDIG. */
    private static boolean isHex16(String part) {
        if (part.isEmpty() || part.length() > 4) {
            return false;
        }
        for (int i = 0; i < part.length(); i++) {
            char c = part.charAt(i);
            if (!Ascii.isDigit(c) && !((c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'))) {
                return false;
            }
        }
        return true;
    }

    /** General-address-literal = Standardized-tag ":" 1*dcontent; dcontent = %d33-90 / %d94-126. */
    private static boolean isGeneral(String s) {
        int colon = s.indexOf(':');
        if (colon <= 0 || colon == s.length() - 1) {
            return false;
        }
        // Standardized-tag = Ldh-str: letters, digits and hyphens, ending in a letter or digit
        for (int i = 0; i < colon; i++) {
            char c = s.charAt(i);
            if (!Ascii.isAlphaDigit(c) && c != '-') {
                return false;
            }
        }
        if (s.charAt(colon - 1) == '-') {
            return false;
        }
        for (int i = colon + 1; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 33 || c > 126 || (c >= 91 && c <= 93)) {
                return false;
            }
        }
        return true;
    }
}
