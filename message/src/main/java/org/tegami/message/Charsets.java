package org.tegami.message;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import org.apache.james.mime4j.util.CharsetUtil;

/** Charset lookup and lenient decoding for MIME charset names. */
final class Charsets {
    private Charsets() {
    }

    /** The charset a MIME charset name denotes, or {@code null} when Java does not know it. */
    static Charset lookup(String name) {
        if (name == null) {
            return null;
        }
        String trimmed = HeaderText.trimWhitespace(name);
        if (trimmed.isEmpty()) {
            return null;
        }
        try {
            return CharsetUtil.lookup(trimmed);
        } catch (RuntimeException e) {
            return null;
        }
    }

    /**
     * Decodes with the given charset; without one (unknown or absent), or for US-ASCII which 8-bit
     * mail routinely violates, takes UTF-8 when the bytes are valid UTF-8 and ISO-8859-1 otherwise.
     */
    static String decode(byte[] bytes, Charset charset) {
        if (charset == null || charset.equals(StandardCharsets.US_ASCII)) {
            return HeaderText.decodeUtf8OrLatin1(bytes, 0, bytes.length);
        }
        return new String(bytes, charset);
    }
}
