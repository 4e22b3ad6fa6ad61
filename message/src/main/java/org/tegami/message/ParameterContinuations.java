package org.tegami.message;

import java.io.ByteArrayOutputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * RFC 2231: merges {@code name*0}, {@code name*1*}… continuations into one parameter and decodes
 * {@code charset'language'%XX} values. Parameters keep the position of their first appearance.
 */
final class ParameterContinuations {
    private ParameterContinuations() {
    }

    private record Section(String value, boolean encoded) {
    }

    private static final class Merged {
        final String name;
        String plainValue;
        final TreeMap<Integer, Section> sections = new TreeMap<>();

        Merged(String name) {
            this.name = name;
        }
    }

    static List<Parameter> merge(List<Parameter> raw) {
        boolean anyExtended = false;
        for (Parameter parameter : raw) {
            if (parameter.name().indexOf('*') >= 0) {
                anyExtended = true;
                break;
            }
        }
        if (!anyExtended) {
            return raw;
        }
        Map<String, Merged> byName = new LinkedHashMap<>();
        for (Parameter parameter : raw) {
            String name = parameter.name();
            int star = name.indexOf('*');
            String baseName = star < 0 ? name : name.substring(0, star);
            Merged merged = byName.computeIfAbsent(baseName.toLowerCase(Locale.ROOT), key -> new Merged(baseName));
            if (star < 0) {
                if (merged.plainValue == null) {
                    merged.plainValue = parameter.value();
                }
                continue;
            }
            String suffix = name.substring(star + 1);
            boolean encoded = suffix.endsWith("*") || suffix.isEmpty();
            String number = suffix.endsWith("*") ? suffix.substring(0, suffix.length() - 1) : suffix;
            int sectionNumber = number.isEmpty() ? 0 : parseSectionNumber(number);
            if (sectionNumber >= 0) {
                merged.sections.putIfAbsent(sectionNumber, new Section(parameter.value(), encoded));
            }
        }
        List<Parameter> result = new ArrayList<>(byName.size());
        for (Merged merged : byName.values()) {
            // RFC 2231 §4: a parameter given both ways is taken from its extended form.
            String value = merged.sections.isEmpty() ? merged.plainValue : joinSections(merged.sections);
            result.add(new Parameter(merged.name, value));
        }
        return result;
    }

    private static int parseSectionNumber(String digits) {
        if (digits.length() > 6) {
            return -1;
        }
        for (int i = 0; i < digits.length(); i++) {
            if (digits.charAt(i) < '0' || digits.charAt(i) > '9') {
                return -1;
            }
        }
        return Integer.parseInt(digits);
    }

    /** RFC 2231 §4.1: only the first section carries {@code charset'language'}; encoded sections are %-escaped. */
    private static String joinSections(TreeMap<Integer, Section> sections) {
        Charset charset = null;
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        boolean first = true;
        for (Section section : sections.values()) {
            String value = section.value();
            if (first && section.encoded()) {
                int firstQuote = value.indexOf('\'');
                int secondQuote = firstQuote < 0 ? -1 : value.indexOf('\'', firstQuote + 1);
                if (secondQuote >= 0) {
                    charset = Charsets.lookup(value.substring(0, firstQuote));
                    value = value.substring(secondQuote + 1);
                }
            }
            first = false;
            if (section.encoded()) {
                percentDecode(value, bytes, charset);
            } else {
                bytes.writeBytes(value.getBytes(charset == null ? StandardCharsets.UTF_8 : charset));
            }
        }
        return Charsets.decode(bytes.toByteArray(), charset);
    }

    private static void percentDecode(String value, ByteArrayOutputStream out, Charset charset) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '%' && i + 2 < value.length() && hex(value.charAt(i + 1)) >= 0 && hex(value.charAt(i + 2)) >= 0) {
                out.write(hex(value.charAt(i + 1)) * 16 + hex(value.charAt(i + 2)));
                i += 2;
            } else {
                out.writeBytes(String.valueOf(c).getBytes(charset == null ? StandardCharsets.UTF_8 : charset));
            }
        }
    }

    private static int hex(char c) {
        return Character.digit(c, 16);
    }
}
