package org.tegami.smtp.protocol;

import java.nio.charset.StandardCharsets;

/**
 * The xtext encoding of DSN and AUTH parameter values (RFC 3461 §4, RFC 4954 §5):
 * {@code xtext = *( xchar / hexchar )}, where xchar is any ASCII character from "!" to "~" except "+" and "=",
 * and hexchar is "+" followed by two upper-case hexadecimal digits.
 */
public final class Xtext {

    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    private Xtext() {
    }

    /** The decoded text, or {@code null} if {@code encoded} is not xtext. Decoded octets are read as ISO-8859-1. */
    public static String decode(String encoded) {
        StringBuilder out = new StringBuilder(encoded.length());
        for (int i = 0; i < encoded.length(); i++) {
            char c = encoded.charAt(i);
            if (c == '+') {
                // RFC 3461 §4: hexchar = ASCII "+" immediately followed by two upper case hexadecimal digits
                int high = hexValue(encoded, i + 1);
                int low = hexValue(encoded, i + 2);
                if (high < 0 || low < 0) {
                    return null;
                }
                out.append((char) (high << 4 | low));
                i += 2;
            } else if (c < '!' || c > '~' || c == '=') {
                return null;
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    /** Encodes {@code text} (as UTF-8) so that it can be sent as an ENVID, ORCPT or AUTH value. */
    public static String encode(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
            int octet = b & 0xFF;
            if (octet >= '!' && octet <= '~' && octet != '+' && octet != '=') {
                out.append((char) octet);
            } else {
                out.append('+').append(HEX[octet >> 4]).append(HEX[octet & 0xF]);
            }
        }
        return out.toString();
    }

    /**
     * Decodes a parameter value of at most {@code maxChars} characters as sent (ENVID, ORCPT, AUTH). The decoded
     * text must be printable US-ASCII (RFC 3461 §4), which also keeps "+0D+0A" from smuggling line breaks into
     * the notifications and headers these values end up in.
     */
    static String decodeParameter(String value, int maxChars) {
        if (value.length() > maxChars) {
            throw EsmtpParameter.badValue();
        }
        String decoded = decode(value);
        if (decoded == null) {
            throw EsmtpParameter.badValue();
        }
        for (int i = 0; i < decoded.length(); i++) {
            char c = decoded.charAt(i);
            if (c < 32 || c > 126) {
                throw EsmtpParameter.badValue();
            }
        }
        return decoded;
    }

    private static int hexValue(String s, int index) {
        if (index >= s.length()) {
            return -1;
        }
        char c = s.charAt(index);
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'A' && c <= 'F') {
            return c - 'A' + 10;
        }
        return -1;
    }
}
