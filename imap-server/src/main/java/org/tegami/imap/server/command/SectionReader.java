package org.tegami.imap.server.command;

import java.io.ByteArrayOutputStream;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import org.tegami.imap.protocol.Section;
import org.tegami.message.BodyPart;

/**
 * Cuts BODY[section] and BINARY[part] out of a stored message using the offsets recorded when it
 * arrived (RFC 9051 §6.4.5), without parsing it again.
 */
final class SectionReader {
    private SectionReader() {
    }

    /** Raised when BINARY meets a transfer encoding it cannot decode (RFC 3516 §4.3 UNKNOWN-CTE). */
    static final class UnknownEncoding extends Exception {
        UnknownEncoding() {
            super(null, null, false, false);
        }
    }

    /** The part a part path names, or null when there is none (RFC 9051 §6.4.5 part numbering). */
    static BodyPart resolve(BodyPart root, List<Integer> path) {
        BodyPart current = root;
        BodyPart body = root;
        for (int n : path) {
            BodyPart part;
            if (body.isMultipart()) {
                if (n < 1 || n > body.parts().size()) {
                    return null;
                }
                part = body.parts().get(n - 1);
            } else if (n == 1) {
                part = body;
            } else {
                return null;
            }
            current = part;
            body = part.isMessage() ? part.messageBody() : part;
        }
        return current;
    }

    /** The bytes of a section, or null when the section does not exist. */
    static byte[] read(byte[] raw, BodyPart root, Section section) {
        if (section.part().isEmpty()) {
            return switch (section.text()) {
                case NONE -> raw;
                case HEADER -> slice(raw, 0, root.bodyStart());
                case TEXT -> slice(raw, root.bodyStart(), root.bodyEnd());
                case HEADER_FIELDS -> filterHeader(slice(raw, 0, root.bodyStart()), section.fields(), true);
                case HEADER_FIELDS_NOT -> filterHeader(slice(raw, 0, root.bodyStart()), section.fields(), false);
                case MIME -> null;
            };
        }
        BodyPart part = resolve(root, section.part());
        if (part == null) {
            return null;
        }
        if (section.text() == Section.Text.NONE) {
            return slice(raw, part.bodyStart(), part.bodyEnd());
        }
        if (section.text() == Section.Text.MIME) {
            return slice(raw, part.headerStart(), part.bodyStart());
        }
        if (!part.isMessage()) {
            return null;
        }
        BodyPart inner = part.messageBody();
        return switch (section.text()) {
            case HEADER -> slice(raw, inner.headerStart(), inner.bodyStart());
            case TEXT -> slice(raw, inner.bodyStart(), inner.bodyEnd());
            case HEADER_FIELDS -> filterHeader(slice(raw, inner.headerStart(), inner.bodyStart()), section.fields(), true);
            case HEADER_FIELDS_NOT ->
                    filterHeader(slice(raw, inner.headerStart(), inner.bodyStart()), section.fields(), false);
            default -> null;
        };
    }

    /** The decoded content of a part for BINARY (RFC 3516), or null when there is no such part. */
    static byte[] binary(byte[] raw, BodyPart root, List<Integer> path) throws UnknownEncoding {
        if (path.isEmpty()) {
            return raw;
        }
        BodyPart part = resolve(root, path);
        if (part == null) {
            return null;
        }
        byte[] body = slice(raw, part.bodyStart(), part.bodyEnd());
        String encoding = part.encoding() == null ? "7BIT" : part.encoding().toUpperCase(Locale.ROOT);
        return switch (encoding) {
            case "7BIT", "8BIT", "BINARY" -> body;
            case "BASE64" -> Base64.getDecoder().decode(stripInvalidBase64(body));
            case "QUOTED-PRINTABLE" -> decodeQuotedPrintable(body);
            default -> throw new UnknownEncoding();
        };
    }

    static byte[] slice(byte[] raw, long from, long to) {
        int start = (int) Math.max(0, Math.min(from, raw.length));
        int end = (int) Math.max(start, Math.min(to, raw.length));
        byte[] out = new byte[end - start];
        System.arraycopy(raw, start, out, 0, out.length);
        return out;
    }

    /**
     * The header fields named (or, with {@code include} false, all but those), each with its folded
     * continuation lines, followed by the blank line that ends a header (RFC 9051 §6.4.5).
     */
    static byte[] filterHeader(byte[] header, List<String> names, boolean include) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(header.length);
        int pos = 0;
        while (pos < header.length) {
            int lineEnd = nextLineEnd(header, pos);
            if (lineEnd - pos <= 2 && isBlankLine(header, pos, lineEnd)) {
                break;
            }
            int fieldEnd = lineEnd;
            while (fieldEnd < header.length && (header[fieldEnd] == ' ' || header[fieldEnd] == '\t')) {
                fieldEnd = nextLineEnd(header, fieldEnd);
            }
            int colon = -1;
            for (int i = pos; i < lineEnd; i++) {
                if (header[i] == ':') {
                    colon = i;
                    break;
                }
            }
            if (colon > pos) {
                String name = new String(header, pos, colon - pos, java.nio.charset.StandardCharsets.ISO_8859_1).trim();
                boolean listed = false;
                for (String wanted : names) {
                    if (wanted.equalsIgnoreCase(name)) {
                        listed = true;
                        break;
                    }
                }
                if (listed == include) {
                    out.write(header, pos, fieldEnd - pos);
                    if (fieldEnd > 0 && header[fieldEnd - 1] != '\n') {
                        out.write('\r');
                        out.write('\n');
                    }
                }
            }
            pos = fieldEnd;
        }
        out.write('\r');
        out.write('\n');
        return out.toByteArray();
    }

    private static int nextLineEnd(byte[] data, int from) {
        for (int i = from; i < data.length; i++) {
            if (data[i] == '\n') {
                return i + 1;
            }
        }
        return data.length;
    }

    private static boolean isBlankLine(byte[] data, int from, int to) {
        for (int i = from; i < to; i++) {
            if (data[i] != '\r' && data[i] != '\n') {
                return false;
            }
        }
        return true;
    }

    private static byte[] stripInvalidBase64(byte[] body) {
        byte[] out = new byte[body.length];
        int n = 0;
        for (byte b : body) {
            if ((b >= 'A' && b <= 'Z') || (b >= 'a' && b <= 'z') || (b >= '0' && b <= '9') || b == '+' || b == '/') {
                out[n++] = b;
            }
        }
        // Drop a dangling partial quantum rather than fail: mail clients are lenient here too.
        int usable = n - (n % 4 == 1 ? 1 : 0);
        byte[] trimmed = new byte[usable];
        System.arraycopy(out, 0, trimmed, 0, usable);
        return trimmed;
    }

    /** Quoted-printable (RFC 2045 §6.7), leniently: invalid escapes are kept as they are. */
    static byte[] decodeQuotedPrintable(byte[] body) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(body.length);
        int i = 0;
        while (i < body.length) {
            byte b = body[i];
            if (b == '=') {
                if (i + 1 < body.length && body[i + 1] == '\n') {
                    i += 2;
                    continue;
                }
                if (i + 2 < body.length && body[i + 1] == '\r' && body[i + 2] == '\n') {
                    i += 3;
                    continue;
                }
                if (i + 2 < body.length) {
                    int hi = Character.digit(body[i + 1], 16);
                    int lo = Character.digit(body[i + 2], 16);
                    if (hi >= 0 && lo >= 0) {
                        out.write(hi * 16 + lo);
                        i += 3;
                        continue;
                    }
                }
            }
            out.write(b);
            i++;
        }
        return out.toByteArray();
    }
}
