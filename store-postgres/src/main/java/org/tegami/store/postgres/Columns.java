package org.tegami.store.postgres;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.tegami.message.HeaderField;
import org.tegami.store.Flags;
import org.tegami.store.SpecialUse;
import org.tegami.store.StoreError;

/** How domain values are written into table columns and read back. */
final class Columns {
    private static final String RECENT = "\\Recent";
    private static final int HEADERS_FORMAT = 1;

    private Columns() {
    }

    /**
     * Flags as their canonical names separated by single spaces. A flag is an atom (RFC 9051 §9), so it
     * never contains a space; {@code \Recent} is a session property and never stored (RFC 3501 §2.3.2).
     */
    static String flags(Flags flags) {
        return flags.names().stream()
                .filter(n -> !n.equalsIgnoreCase(RECENT))
                .collect(Collectors.joining(" "));
    }

    static Flags flags(String column) {
        return column.isEmpty() ? Flags.NONE : Flags.of(column.split(" "));
    }

    /** The pattern {@code strpos(' ' || flags || ' ', ?)} finds a flag by: it, delimited by spaces. */
    static String flagPattern(String flag) {
        return " " + flag + " ";
    }

    /**
     * Text for a PostgreSQL {@code text} column, which cannot hold U+0000: a decoded body may contain it,
     * and it never matters to SEARCH, so it becomes a space.
     */
    static String text(String value) {
        return value.indexOf('\u0000') < 0 ? value : value.replace('\u0000', ' ');
    }

    static String specialUse(Set<SpecialUse> uses) {
        // The RFC 6154 attribute, not the enum constant's name: protocol words outlive our identifiers.
        return uses.stream().sorted().map(SpecialUse::attribute).collect(Collectors.joining(" "));
    }

    static Set<SpecialUse> specialUse(String column) {
        if (column.isEmpty()) {
            return Set.of();
        }
        EnumSet<SpecialUse> set = EnumSet.noneOf(SpecialUse.class);
        Arrays.stream(column.split(" ")).map(SpecialUse::fromAttribute).flatMap(java.util.Optional::stream)
                .forEach(set::add);
        return set;
    }

    /** Decoded header fields, in order, as a small length-prefixed binary list (values may hold any character). */
    static byte[] headers(List<HeaderField> headers) {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            DataOutputStream out = new DataOutputStream(bytes);
            out.writeByte(HEADERS_FORMAT);
            out.writeInt(headers.size());
            for (HeaderField h : headers) {
                writeString(out, h.name());
                writeString(out, h.value());
            }
            out.flush();
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<HeaderField> headers(byte[] column) {
        try {
            DataInputStream in = new DataInputStream(new ByteArrayInputStream(column));
            if (in.readByte() != HEADERS_FORMAT) {
                throw new StoreError(StoreError.Kind.UNAVAILABLE, "stored message text has an unknown format");
            }
            int count = in.readInt();
            List<HeaderField> result = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                result.add(new HeaderField(readString(in), readString(in)));
            }
            return result;
        } catch (IOException e) {
            throw new StoreError(StoreError.Kind.UNAVAILABLE, "stored message text is damaged", e);
        }
    }

    private static void writeString(DataOutputStream out, String s) throws IOException {
        byte[] b = (s == null ? "" : s).getBytes(StandardCharsets.UTF_8);
        out.writeInt(b.length);
        out.write(b);
    }

    private static String readString(DataInputStream in) throws IOException {
        byte[] b = new byte[in.readInt()];
        in.readFully(b);
        return new String(b, StandardCharsets.UTF_8);
    }
}
