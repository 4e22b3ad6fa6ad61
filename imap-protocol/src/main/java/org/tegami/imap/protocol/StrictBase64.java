package org.tegami.imap.protocol;

/**
 * Strict base64 decoding for SASL initial responses (RFC 9051 §9 base64, RFC 4648 §4): whole 4-character
 * groups, padding only at the end, and unused bits zero, so that each byte string has exactly one encoding.
 */
final class StrictBase64 {

    private StrictBase64() {
    }

    /** The decoded bytes, or {@code null} if {@code text} is not strict base64. */
    static byte[] decode(String text) {
        int length = text.length();
        if (length == 0 || length % 4 != 0) {
            return null;
        }
        int padding = text.endsWith("==") ? 2 : text.endsWith("=") ? 1 : 0;
        byte[] out = new byte[length / 4 * 3 - padding];
        int outIndex = 0;
        for (int group = 0; group < length; group += 4) {
            boolean last = group + 4 == length;
            int groupPadding = last ? padding : 0;
            int bits = 0;
            for (int i = 0; i < 4; i++) {
                int value;
                if (i >= 4 - groupPadding) {
                    value = 0;
                } else {
                    value = valueOf(text.charAt(group + i));
                    if (value < 0) {
                        return null;
                    }
                }
                bits = (bits << 6) | value;
            }
            // RFC 4648 §3.5: the pad bits of the last quantum must be zero.
            if ((groupPadding == 1 && (bits & 0xFF) != 0) || (groupPadding == 2 && (bits & 0xFFFF) != 0)) {
                return null;
            }
            out[outIndex++] = (byte) (bits >> 16);
            if (groupPadding < 2) {
                out[outIndex++] = (byte) (bits >> 8);
            }
            if (groupPadding < 1) {
                out[outIndex++] = (byte) bits;
            }
        }
        return out;
    }

    private static int valueOf(char c) {
        if (c >= 'A' && c <= 'Z') {
            return c - 'A';
        }
        if (c >= 'a' && c <= 'z') {
            return c - 'a' + 26;
        }
        if (c >= '0' && c <= '9') {
            return c - '0' + 52;
        }
        if (c == '+') {
            return 62;
        }
        if (c == '/') {
            return 63;
        }
        return -1; // including '=' anywhere but the padding positions
    }
}
