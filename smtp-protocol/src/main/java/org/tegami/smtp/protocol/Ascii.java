package org.tegami.smtp.protocol;

import java.nio.charset.StandardCharsets;

/**
 * ASCII-only case folding and octet counting for command lines. SMTP verbs, keywords and parameter values
 * are case-insensitive in ASCII only (RFC 5321 §2.4); Unicode case folding would let "ſ" or "ı" pass as
 * "S" or "I", so {@link String#equalsIgnoreCase} is not used on client input.
 */
final class Ascii {

    private Ascii() {
    }

    static String upper(String s) {
        StringBuilder out = null;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c >= 'a' && c <= 'z') {
                if (out == null) {
                    out = new StringBuilder(s);
                }
                out.setCharAt(i, (char) (c - 32));
            }
        }
        return out == null ? s : out.toString();
    }

    /** Whether {@code s} has {@code upperCaseWord} at {@code offset}, ignoring ASCII case only. */
    static boolean startsWithIgnoreCase(String s, int offset, String upperCaseWord) {
        if (offset < 0 || s.length() - offset < upperCaseWord.length()) {
            return false;
        }
        for (int i = 0; i < upperCaseWord.length(); i++) {
            char c = s.charAt(offset + i);
            if (c >= 'a' && c <= 'z') {
                c = (char) (c - 32);
            }
            if (c != upperCaseWord.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    static boolean isAscii(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) >= 0x80) {
                return false;
            }
        }
        return true;
    }

    static boolean isAlphaDigit(char c) {
        return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
    }

    static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    /** Octets of {@code s.substring(from, to)} in UTF-8; limits are in octets (RFC 5321 §4.5.3.1, RFC 6531 §3.3). */
    static int utf8Length(String s, int from, int to) {
        return s.substring(from, to).getBytes(StandardCharsets.UTF_8).length;
    }
}
