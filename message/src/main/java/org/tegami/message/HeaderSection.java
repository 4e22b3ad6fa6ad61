package org.tegami.message;

import java.util.ArrayList;
import java.util.List;

/**
 * The header section of one entity: where it starts, where the body starts, and its fields in order.
 * Accepts CRLF and bare LF line endings alike, as stored mail has both.
 */
record HeaderSection(int headerStart, int bodyStart, List<RawHeaderField> fields) {

    HeaderSection {
        fields = List.copyOf(fields);
    }

    /**
     * Reads the header section of the entity in {@code raw[start, end)}. RFC 5322 §2.1: the header ends
     * at the first empty line, and the body starts just after it. Without an empty line the whole range
     * is header and the body is empty (it starts at {@code end}).
     */
    static HeaderSection parse(byte[] raw, int start, int end) {
        List<RawHeaderField> fields = new ArrayList<>();
        int fieldStart = -1;
        int lineStart = start;
        while (lineStart < end) {
            int lineFeed = LineScanner.indexOfLineFeed(raw, lineStart, end);
            int nextLine = lineFeed < 0 ? end : lineFeed + 1;
            boolean emptyLine = lineFeed >= 0
                    && (lineFeed == lineStart || (lineFeed == lineStart + 1 && raw[lineStart] == '\r'));
            if (emptyLine) {
                addField(raw, fieldStart, lineStart, fields);
                return new HeaderSection(start, nextLine, fields);
            }
            // RFC 5322 §2.2.3: a line starting with WSP continues the previous field.
            boolean continuation = fieldStart >= 0 && (raw[lineStart] == ' ' || raw[lineStart] == '\t');
            if (!continuation) {
                addField(raw, fieldStart, lineStart, fields);
                fieldStart = lineStart;
            }
            lineStart = nextLine;
        }
        addField(raw, fieldStart, end, fields);
        return new HeaderSection(start, end, fields);
    }

    private static void addField(byte[] raw, int from, int to, List<RawHeaderField> fields) {
        if (from < 0 || from >= to) {
            return;
        }
        String text = HeaderText.decode(raw, from, to);
        int colon = text.indexOf(':');
        if (colon <= 0) {
            return; // not a field (no name); kept in the bytes, left out of the index
        }
        // RFC 5322 §4.5.8 (obsolete syntax) allows WSP between the name and the colon.
        String name = HeaderText.trimWhitespace(text.substring(0, colon));
        if (!isFieldName(name)) {
            return;
        }
        String value = HeaderText.trimWhitespace(HeaderText.unfold(text.substring(colon + 1)));
        fields.add(new RawHeaderField(name, value));
    }

    /** RFC 5322 §2.2: a field name is printable US-ASCII except the colon. */
    private static boolean isFieldName(String name) {
        if (name.isEmpty()) {
            return false;
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c < 33 || c > 126) {
                return false;
            }
        }
        return true;
    }

    /** The unfolded value of the first field with this name (case-insensitive), or {@code null}. */
    String first(String name) {
        for (RawHeaderField field : fields) {
            if (field.name().equalsIgnoreCase(name)) {
                return field.value();
            }
        }
        return null;
    }
}
