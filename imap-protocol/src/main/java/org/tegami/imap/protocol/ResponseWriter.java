package org.tegami.imap.protocol;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Collection;

/**
 * Builds server responses as bytes (RFC 9051 §7). Chooses the right string form for each value:
 * an atom where allowed, a quoted string for short safe text, a literal for anything with CR, LF,
 * NUL-free 8-bit data or quotes that cannot be quoted, and a literal8 for binary data (RFC 3516).
 * Pure and not thread-safe; one per response.
 */
public final class ResponseWriter {

    private byte[] buffer;
    private int length;

    public ResponseWriter() {
        this(256);
    }

    public ResponseWriter(int initialCapacity) {
        buffer = new byte[Math.max(16, initialCapacity)];
    }

    /** Raw protocol text (atoms, keywords, numbers, punctuation); must be ASCII. */
    public ResponseWriter raw(String text) {
        ensure(text.length());
        for (int i = 0; i < text.length(); i++) {
            buffer[length++] = (byte) text.charAt(i);
        }
        return this;
    }

    public ResponseWriter raw(char c) {
        ensure(1);
        buffer[length++] = (byte) c;
        return this;
    }

    /** A number in decimal; written digit by digit, since a big FETCH writes several per message. */
    public ResponseWriter number(long value) {
        if (value < 0) {
            return raw(Long.toString(value));
        }
        int digits = 1;
        for (long rest = value; rest >= 10; rest /= 10) {
            digits++;
        }
        ensure(digits);
        long rest = value;
        for (int i = length + digits - 1; i >= length; i--) {
            buffer[i] = (byte) ('0' + (int) (rest % 10));
            rest /= 10;
        }
        length += digits;
        return this;
    }

    public ResponseWriter space() {
        return raw(' ');
    }

    public ResponseWriter crlf() {
        ensure(2);
        buffer[length++] = '\r';
        buffer[length++] = '\n';
        return this;
    }

    public ResponseWriter bytes(byte[] data, int offset, int count) {
        ensure(count);
        System.arraycopy(data, offset, buffer, length, count);
        length += count;
        return this;
    }

    /** {@code NIL} for null, otherwise a string in the cheapest valid form (RFC 9051 §4.3 nstring). */
    public ResponseWriter nstring(String value) {
        return value == null ? raw("NIL") : string(value);
    }

    /** A quoted string when the UTF-8 text allows it, a literal otherwise (RFC 9051 §4.3). */
    public ResponseWriter string(String value) {
        byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
        if (quotable(utf8)) {
            return quoted(utf8);
        }
        return literal(utf8, 0, utf8.length);
    }

    /**
     * Octets as an nstring or literal8 (RFC 5464 §5: value = nstring / literal8): {@code NIL} for null, a quoted
     * string when they allow it, a literal8 when they hold NUL (RFC 3516 §4.3), a literal otherwise.
     */
    public ResponseWriter nstringOrLiteral8(byte[] octets) {
        if (octets == null) {
            return raw("NIL");
        }
        if (quotable(octets)) {
            return quoted(octets);
        }
        return literal8IfBinary(octets, 0, octets.length);
    }

    /**
     * An astring: an atom when every character is an ASTRING-CHAR (RFC 9051 §9), otherwise a string.
     * Used for mailbox names, so INBOX and simple names stay unquoted.
     */
    public ResponseWriter astring(String value) {
        if (isAtom(value)) {
            return raw(value);
        }
        return string(value);
    }

    /** A literal {@code {n}CRLF<bytes>}. */
    public ResponseWriter literal(byte[] data, int offset, int count) {
        raw('{').number(count).raw('}').crlf();
        return bytes(data, offset, count);
    }

    /** A literal8 {@code ~{n}CRLF<bytes>} when the data contains NUL (RFC 3516 §4.3), else a plain literal. */
    public ResponseWriter literal8IfBinary(byte[] data, int offset, int count) {
        for (int i = offset; i < offset + count; i++) {
            if (data[i] == 0) {
                raw('~');
                break;
            }
        }
        return literal(data, offset, count);
    }

    /** A parenthesised, space-separated list of flags/atoms. */
    public ResponseWriter atomList(Collection<String> atoms) {
        raw('(');
        boolean first = true;
        for (String atom : atoms) {
            if (!first) {
                space();
            }
            raw(atom);
            first = false;
        }
        return raw(')');
    }

    public int length() {
        return length;
    }

    public byte[] toByteArray() {
        return Arrays.copyOf(buffer, length);
    }

    /** Empties the writer for reuse. */
    public void clear() {
        length = 0;
    }

    /** The internal buffer (valid up to {@link #length()}), to hand over without copying. */
    public byte[] buffer() {
        return buffer;
    }

    private ResponseWriter quoted(byte[] utf8) {
        ensure(utf8.length * 2 + 2);
        buffer[length++] = '"';
        for (byte b : utf8) {
            if (b == '"' || b == '\\') {
                buffer[length++] = '\\';
            }
            buffer[length++] = b;
        }
        buffer[length++] = '"';
        return this;
    }

    /**
     * Quoted strings may hold any TEXT-CHAR except CR and LF (and UTF-8 in IMAP4rev2, RFC 9051 §4.3);
     * long values go as literals so lines stay short.
     */
    private static boolean quotable(byte[] utf8) {
        if (utf8.length > 1024) {
            return false;
        }
        for (byte b : utf8) {
            if (b == '\r' || b == '\n' || b == 0) {
                return false;
            }
            if (b < 0) {
                // 8-bit text: a literal is valid for every client, a quoted string only in IMAP4rev2.
                return false;
            }
        }
        return true;
    }

    /** ASTRING-CHAR: ATOM-CHAR or resp-specials "]" (RFC 9051 §9). */
    public static boolean isAtom(String value) {
        if (value.isEmpty()) {
            return false;
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c <= 0x20 || c >= 0x7f || c == '(' || c == ')' || c == '{' || c == '%' || c == '*'
                    || c == '"' || c == '\\') {
                return false;
            }
        }
        return !value.equalsIgnoreCase("NIL");
    }

    private void ensure(int extra) {
        int needed = length + extra;
        if (needed > buffer.length) {
            buffer = Arrays.copyOf(buffer, Math.max(needed, buffer.length * 2));
        }
    }
}
