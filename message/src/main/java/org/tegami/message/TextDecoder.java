package org.tegami.message;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import org.apache.james.mime4j.codec.Base64InputStream;
import org.apache.james.mime4j.codec.DecodeMonitor;
import org.apache.james.mime4j.codec.QuotedPrintableInputStream;

/** Decodes the body of a text part for search: transfer encoding removed, charset converted. */
final class TextDecoder {
    private TextDecoder() {
    }

    static String decode(byte[] raw, int from, int to, String transferEncoding, String charsetName) {
        byte[] content = transferDecode(raw, from, to, transferEncoding);
        return Charsets.decode(content, Charsets.lookup(charsetName));
    }

    /** RFC 2045 §6.7, §6.8; unknown mechanisms are taken as identity. Decoding errors are skipped over. */
    private static byte[] transferDecode(byte[] raw, int from, int to, String transferEncoding) {
        InputStream encoded = new ByteArrayInputStream(raw, from, to - from);
        try (InputStream decoded = switch (transferEncoding) {
            case "BASE64" -> new Base64InputStream(encoded, DecodeMonitor.SILENT);
            case "QUOTED-PRINTABLE" -> new QuotedPrintableInputStream(encoded, DecodeMonitor.SILENT);
            default -> null;
        }) {
            if (decoded != null) {
                return decoded.readAllBytes();
            }
        } catch (IOException | RuntimeException e) {
            // fall through: search the raw text rather than nothing
        }
        return Arrays.copyOfRange(raw, from, to);
    }
}
