package org.tegami.imap.protocol;

/**
 * Modified UTF-7 mailbox names (RFC 3501 §5.1.3), used with clients that have not enabled IMAP4rev2
 * or UTF8=ACCEPT.
 *
 * <p>Decoding is strict so that every Unicode name has exactly one encoded form: anything {@link #encode}
 * would not produce (encoded printable ASCII, adjacent encoded runs, padding bits or characters to spare,
 * lone surrogates, unterminated runs) is rejected.
 */
public final class ModifiedUtf7 {

    /** RFC 3501 §5.1.3: modified BASE64 uses "," instead of "/". */
    private static final char[] ALPHABET =
            "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+,".toCharArray();

    private ModifiedUtf7() {
    }

    /** Encodes a Unicode name to modified UTF-7; throws IllegalArgumentException on a lone surrogate. */
    public static String encode(String name) {
        StringBuilder out = new StringBuilder(name.length() + 8);
        int bits = 0;
        int bitCount = 0;
        boolean inRun = false;
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (isPrintableAscii(c)) {
                if (inRun) {
                    flushRun(out, bits, bitCount);
                    bits = 0;
                    bitCount = 0;
                    inRun = false;
                }
                // RFC 3501 §5.1.3: "&" is represented by "&-"; other printable US-ASCII by itself.
                if (c == '&') {
                    out.append("&-");
                } else {
                    out.append(c);
                }
                continue;
            }
            boolean pairedHigh = Character.isHighSurrogate(c)
                    && i + 1 < name.length() && Character.isLowSurrogate(name.charAt(i + 1));
            boolean pairedLow = Character.isLowSurrogate(c) && i > 0 && Character.isHighSurrogate(name.charAt(i - 1));
            if (Character.isSurrogate(c) && !pairedHigh && !pairedLow) {
                throw new IllegalArgumentException("Lone surrogate in mailbox name");
            }
            if (!inRun) {
                out.append('&');
                inRun = true;
            }
            // RFC 3501 §5.1.3: other characters are UTF-16 in modified BASE64, shifted in by "&".
            bits = (bits << 16) | c;
            bitCount += 16;
            while (bitCount >= 6) {
                bitCount -= 6;
                out.append(ALPHABET[(bits >> bitCount) & 0x3F]);
            }
            bits &= (1 << bitCount) - 1;
        }
        if (inRun) {
            flushRun(out, bits, bitCount);
        }
        return out.toString();
    }

    private static void flushRun(StringBuilder out, int bits, int bitCount) {
        if (bitCount > 0) {
            out.append(ALPHABET[(bits << (6 - bitCount)) & 0x3F]);
        }
        out.append('-');
    }

    /** Decodes a modified UTF-7 name; throws IllegalArgumentException if it is not valid modified UTF-7. */
    public static String decode(String name) {
        StringBuilder out = new StringBuilder(name.length());
        boolean previousWasRun = false;
        int i = 0;
        while (i < name.length()) {
            char c = name.charAt(i);
            if (!isPrintableAscii(c)) {
                throw new IllegalArgumentException("Invalid character in modified UTF-7 name");
            }
            if (c != '&') {
                out.append(c);
                previousWasRun = false;
                i++;
                continue;
            }
            if (i + 1 < name.length() && name.charAt(i + 1) == '-') {
                out.append('&');
                previousWasRun = false;
                i += 2;
                continue;
            }
            if (previousWasRun) {
                // The encoder merges adjacent non-ASCII characters into one run.
                throw new IllegalArgumentException("Adjacent encoded runs in modified UTF-7 name");
            }
            i = decodeRun(name, i + 1, out);
            previousWasRun = true;
        }
        return out.toString();
    }

    /** Decodes the run starting at {@code start} (after "&"); returns the index after its closing "-". */
    private static int decodeRun(String name, int start, StringBuilder out) {
        int bits = 0;
        int bitCount = 0;
        int runStart = out.length();
        int i = start;
        while (true) {
            if (i >= name.length()) {
                throw new IllegalArgumentException("Unterminated encoded run in modified UTF-7 name");
            }
            char c = name.charAt(i++);
            if (c == '-') {
                break;
            }
            int value = valueOf(c);
            if (value < 0) {
                throw new IllegalArgumentException("Invalid character in modified UTF-7 name");
            }
            bits = (bits << 6) | value;
            bitCount += 6;
            if (bitCount >= 16) {
                bitCount -= 16;
                char unit = (char) (bits >> bitCount);
                if (isPrintableAscii(unit)) {
                    throw new IllegalArgumentException("Encoded printable ASCII in modified UTF-7 name");
                }
                out.append(unit);
                bits &= (1 << bitCount) - 1;
            }
        }
        // Minimal encoding: fewer than 6 bits left over, all zero, and at least one character.
        if (bitCount >= 6 || bits != 0 || out.length() == runStart) {
            throw new IllegalArgumentException("Non-canonical encoded run in modified UTF-7 name");
        }
        for (int k = runStart; k < out.length(); k++) {
            char unit = out.charAt(k);
            if (Character.isHighSurrogate(unit) && k + 1 < out.length() && Character.isLowSurrogate(out.charAt(k + 1))) {
                k++;
            } else if (Character.isSurrogate(unit)) {
                throw new IllegalArgumentException("Lone surrogate in modified UTF-7 name");
            }
        }
        return i;
    }

    private static boolean isPrintableAscii(char c) {
        return c >= 0x20 && c <= 0x7E;
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
        return c == '+' ? 62 : c == ',' ? 63 : -1;
    }
}
