package org.tegami.http;

import java.util.LinkedHashMap;
import java.util.Map;

/** Parses a JSON object whose values are all strings (RFC 8259), the only JSON the module writes; strict. */
final class FlatJson {
    private final String text;
    private int at;

    private FlatJson(String text) {
        this.text = text.strip();
    }

    static Map<String, String> parse(String text) {
        return new FlatJson(text).object();
    }

    private Map<String, String> object() {
        Map<String, String> members = new LinkedHashMap<>();
        expect('{');
        if (peek() != '}') {
            do {
                String name = string();
                expect(':');
                members.put(name, string());
            } while (accept(','));
        }
        expect('}');
        if (at != text.length()) {
            throw new AssertionError("trailing text in JSON: " + text);
        }
        return members;
    }

    private String string() {
        expect('"');
        StringBuilder out = new StringBuilder();
        while (true) {
            char c = text.charAt(at++);
            if (c == '"') {
                return out.toString();
            }
            if (c == '\\') {
                char escaped = text.charAt(at++);
                switch (escaped) {
                    case '"', '\\', '/' -> out.append(escaped);
                    case 'n' -> out.append('\n');
                    case 't' -> out.append('\t');
                    case 'u' -> {
                        out.append((char) Integer.parseInt(text.substring(at, at + 4), 16));
                        at += 4;
                    }
                    default -> throw new AssertionError("bad escape in JSON: " + text);
                }
            } else if (c < 0x20) {
                throw new AssertionError("control character in a JSON string: " + text);
            } else {
                out.append(c);
            }
        }
    }

    private char peek() {
        skipSpace();
        return text.charAt(at);
    }

    private boolean accept(char c) {
        if (peek() == c) {
            at++;
            return true;
        }
        return false;
    }

    private void expect(char c) {
        if (!accept(c)) {
            throw new AssertionError("expected '" + c + "' at " + at + " in JSON: " + text);
        }
    }

    private void skipSpace() {
        while (at < text.length() && Character.isWhitespace(text.charAt(at))) {
            at++;
        }
    }
}
