package org.tegami.message;

import java.util.ArrayList;
import java.util.List;

/**
 * A MIME header value with parameters, as Content-Type and Content-Disposition have
 * (RFC 2045 §5.1, RFC 2183 §2): {@code value *(";" attribute "=" value)}. Parsed leniently: comments
 * are dropped, quoted strings unquoted, parameters without a value skipped, an unterminated quote runs
 * to the end. RFC 2231 continuations and charsets are then merged by {@link ParameterContinuations}.
 */
record ParameterizedValue(String value, List<Parameter> parameters) {

    ParameterizedValue {
        parameters = List.copyOf(parameters);
    }

    static ParameterizedValue parse(String text) {
        Cursor cursor = new Cursor(text);
        String value = cursor.readUntilSemicolon();
        List<Parameter> raw = new ArrayList<>();
        while (!cursor.atEnd()) {
            cursor.skip(); // the ';'
            cursor.skipWhitespaceAndComments();
            String name = cursor.readName();
            cursor.skipWhitespaceAndComments();
            if (cursor.peek() != '=') {
                cursor.readUntilSemicolon();
                continue;
            }
            cursor.skip();
            cursor.skipWhitespaceAndComments();
            String parameterValue = cursor.peek() == '"' ? cursor.readQuoted() : cursor.readToken();
            cursor.readUntilSemicolon(); // anything after the value up to the next ';' is noise
            if (!name.isEmpty()) {
                raw.add(new Parameter(name, parameterValue));
            }
        }
        return new ParameterizedValue(value, ParameterContinuations.merge(raw));
    }

    /** The text with (nested) comments removed, RFC 5322 §3.2.2; quoted strings are left alone. */
    static String withoutComments(String text) {
        if (text.indexOf('(') < 0) {
            return text;
        }
        StringBuilder out = new StringBuilder(text.length());
        int depth = 0;
        boolean quoted = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\\' && i + 1 < text.length() && (quoted || depth > 0)) {
                if (depth == 0) {
                    out.append(c).append(text.charAt(i + 1));
                }
                i++;
            } else if (depth > 0) {
                depth += c == '(' ? 1 : c == ')' ? -1 : 0;
                if (depth == 0) {
                    out.append(' ');
                }
            } else if (c == '"') {
                quoted = !quoted;
                out.append(c);
            } else if (c == '(' && !quoted) {
                depth = 1;
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    private static final class Cursor {
        private final String text;
        private int position;

        Cursor(String text) {
            this.text = text;
        }

        boolean atEnd() {
            return position >= text.length();
        }

        char peek() {
            return atEnd() ? 0 : text.charAt(position);
        }

        void skip() {
            position++;
        }

        void skipWhitespaceAndComments() {
            while (!atEnd()) {
                char c = peek();
                if (HeaderText.isWhitespace(c)) {
                    position++;
                } else if (c == '(') {
                    skipComment();
                } else {
                    return;
                }
            }
        }

        private void skipComment() {
            int depth = 0;
            while (!atEnd()) {
                char c = text.charAt(position++);
                if (c == '\\') {
                    position++;
                } else if (c == '(') {
                    depth++;
                } else if (c == ')' && --depth == 0) {
                    return;
                }
            }
        }

        /** Reads up to (not including) the next ';' outside quotes and comments, dropping comments. */
        String readUntilSemicolon() {
            StringBuilder out = new StringBuilder();
            boolean quoted = false;
            while (!atEnd()) {
                char c = peek();
                if (c == ';' && !quoted) {
                    break;
                }
                if (c == '(' && !quoted) {
                    skipComment();
                    out.append(' ');
                    continue;
                }
                if (c == '"') {
                    quoted = !quoted;
                } else if (c == '\\' && quoted && position + 1 < text.length()) {
                    out.append(c);
                    position++;
                    c = peek();
                }
                out.append(c);
                position++;
            }
            return HeaderText.trimWhitespace(out.toString());
        }

        String readName() {
            int start = position;
            while (!atEnd() && peek() != '=' && peek() != ';' && peek() != '(' && !HeaderText.isWhitespace(peek())) {
                position++;
            }
            return text.substring(start, position);
        }

        /** RFC 5322 §3.2.4 quoted-string: backslash quotes the next character; unterminated runs to the end. */
        String readQuoted() {
            position++;
            StringBuilder out = new StringBuilder();
            while (!atEnd()) {
                char c = text.charAt(position++);
                if (c == '"') {
                    break;
                }
                if (c == '\\' && !atEnd()) {
                    c = text.charAt(position++);
                }
                out.append(c);
            }
            return out.toString();
        }

        /** RFC 2045 §5.1 token, leniently: anything up to ';', whitespace or a comment. */
        String readToken() {
            int start = position;
            while (!atEnd() && peek() != ';' && peek() != '(' && !HeaderText.isWhitespace(peek())) {
                position++;
            }
            return text.substring(start, position);
        }
    }
}
