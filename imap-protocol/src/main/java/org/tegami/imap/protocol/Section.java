package org.tegami.imap.protocol;

import java.util.List;

/**
 * A body section specifier (RFC 9051 §6.4.5 {@code section}): a part path ({@code 1.2.3}, empty for the
 * whole message), what of it ({@link Text}), and the field names for HEADER.FIELDS(.NOT) as sent.
 */
public record Section(List<Integer> part, Text text, List<String> fields) {

    public enum Text { NONE, HEADER, HEADER_FIELDS, HEADER_FIELDS_NOT, TEXT, MIME }

    public static final Section WHOLE = new Section(List.of(), Text.NONE, List.of());

    public Section {
        part = List.copyOf(part);
        fields = List.copyOf(fields);
    }

    /**
     * A section-spec given on its own, as in an IMAP URL's {@code ;SECTION=} (RFC 5092 §7), e.g. {@code 1.2.TEXT};
     * empty when it is not valid RFC 9051 §9 syntax.
     */
    public static java.util.Optional<Section> parse(String spec) {
        CommandReader in = new CommandReader(("[" + spec + "]").getBytes(java.nio.charset.StandardCharsets.UTF_8),
                ImapLimits.DEFAULTS);
        try {
            Section section = FetchItemParser.parseSection(in);
            in.expectEnd();
            return java.util.Optional.of(section);
        } catch (ParseFailure e) {
            return java.util.Optional.empty();
        }
    }

    /** The section as it is echoed in a FETCH response, e.g. {@code 1.2.HEADER.FIELDS (FROM TO)}. */
    public String render() {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < part.size(); i++) {
            if (i > 0) {
                sb.append('.');
            }
            sb.append(part.get(i));
        }
        String suffix = switch (text) {
            case NONE -> "";
            case HEADER -> "HEADER";
            case HEADER_FIELDS -> "HEADER.FIELDS";
            case HEADER_FIELDS_NOT -> "HEADER.FIELDS.NOT";
            case TEXT -> "TEXT";
            case MIME -> "MIME";
        };
        if (!suffix.isEmpty()) {
            if (!part.isEmpty()) {
                sb.append('.');
            }
            sb.append(suffix);
        }
        if (text == Text.HEADER_FIELDS || text == Text.HEADER_FIELDS_NOT) {
            sb.append(" (").append(String.join(" ", fields)).append(')');
        }
        return sb.toString();
    }
}
