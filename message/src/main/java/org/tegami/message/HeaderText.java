package org.tegami.message;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/** Turns raw header bytes into text, and unfolds header values. */
final class HeaderText {
    private HeaderText() {
    }

    /**
     * Header bytes are ASCII by RFC 5322, UTF-8 by RFC 6532, and in old mail often 8-bit Latin-1:
     * take UTF-8 when the bytes are valid UTF-8, Latin-1 otherwise, so that no byte is ever lost.
     */
    static String decode(byte[] raw, int from, int to) {
        boolean ascii = true;
        for (int i = from; i < to; i++) {
            if (raw[i] < 0) {
                ascii = false;
                break;
            }
        }
        if (ascii) {
            return new String(raw, from, to - from, StandardCharsets.ISO_8859_1);
        }
        return decodeUtf8OrLatin1(raw, from, to);
    }

    static String decodeUtf8OrLatin1(byte[] raw, int from, int to) {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(raw, from, to - from))
                    .toString();
        } catch (CharacterCodingException e) {
            return new String(raw, from, to - from, StandardCharsets.ISO_8859_1);
        }
    }

    /** RFC 5322 §2.2.3: unfolding removes each CRLF that is followed by WSP and keeps the WSP. */
    static String unfold(String folded) {
        if (folded.indexOf('\n') < 0 && folded.indexOf('\r') < 0) {
            return folded;
        }
        StringBuilder unfolded = new StringBuilder(folded.length());
        for (int i = 0; i < folded.length(); i++) {
            char c = folded.charAt(i);
            if (c != '\r' && c != '\n') {
                unfolded.append(c);
            }
        }
        return unfolded.toString();
    }

    /** Trims SP, HTAB and line breaks only (RFC 5322 WSP), not other control characters. */
    static String trimWhitespace(String value) {
        int start = 0;
        int end = value.length();
        while (start < end && isWhitespace(value.charAt(start))) {
            start++;
        }
        while (end > start && isWhitespace(value.charAt(end - 1))) {
            end--;
        }
        return value.substring(start, end);
    }

    static boolean isWhitespace(char c) {
        return c == ' ' || c == '\t' || c == '\r' || c == '\n';
    }
}
