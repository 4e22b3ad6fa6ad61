package org.tegami.http;

/** Escaping of text placed in HTML or XML, in element content and in quoted attribute values alike. */
final class Markup {
    private Markup() {
    }

    /** Replaces the five characters that are markup (HTML §13.1.2.6, XML 1.0 §2.4) and drops control characters. */
    static String escape(String text) {
        StringBuilder out = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> {
                    // XML 1.0 §2.2 forbids most control characters even as references.
                    if (c >= 0x20 || c == '\t' || c == '\n' || c == '\r') {
                        out.append(c);
                    }
                }
            }
        }
        return out.toString();
    }
}
