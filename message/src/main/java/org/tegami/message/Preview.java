package org.tegami.message;

import java.util.regex.Pattern;

/**
 * The short preview of a message (RFC 8970 §3.1): the start of its decoded body text, with HTML markup
 * removed, runs of whitespace folded into one space, and at most {@link #MAX_CHARACTERS} characters.
 */
public final class Preview {

    /** RFC 8970 §3.1: a preview has at most 256 characters. */
    public static final int MAX_CHARACTERS = 256;

    private static final Pattern SCRIPT_OR_STYLE =
            Pattern.compile("(?is)<(script|style)\\b[^>]*>.*?</\\1\\s*>");
    private static final Pattern TAG = Pattern.compile("(?s)<[!/?a-zA-Z][^>]*>");
    private static final Pattern WHITESPACE = Pattern.compile("[\\s\\u00a0]+");

    private Preview() {
    }

    /** The preview of {@code bodyText} (the decoded text parts, in order); empty when there is no text. */
    public static String of(String bodyText) {
        String text = bodyText.length() > 64 * 1024 ? bodyText.substring(0, 64 * 1024) : bodyText;
        if (text.indexOf('<') >= 0) {
            text = TAG.matcher(SCRIPT_OR_STYLE.matcher(text).replaceAll(" ")).replaceAll(" ")
                    .replace("&nbsp;", " ").replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"")
                    .replace("&#39;", "'").replace("&amp;", "&");
        }
        text = WHITESPACE.matcher(text).replaceAll(" ").strip();
        // Characters are code points: a cut never splits a surrogate pair.
        if (text.codePointCount(0, text.length()) > MAX_CHARACTERS) {
            text = text.substring(0, text.offsetByCodePoints(0, MAX_CHARACTERS)).stripTrailing();
        }
        return text;
    }
}
