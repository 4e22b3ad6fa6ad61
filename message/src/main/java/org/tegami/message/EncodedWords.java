package org.tegami.message;

import org.apache.james.mime4j.codec.DecodeMonitor;
import org.apache.james.mime4j.codec.DecoderUtil;

/** Decodes RFC 2047 encoded words in header text; text that is not valid stays as it is. */
public final class EncodedWords {
    private EncodedWords() {
    }

    public static String decode(String value) {
        if (value == null || !value.contains("=?")) {
            return value;
        }
        try {
            return DecoderUtil.decodeEncodedWords(value, DecodeMonitor.SILENT);
        } catch (RuntimeException malformed) {
            return value;
        }
    }
}
