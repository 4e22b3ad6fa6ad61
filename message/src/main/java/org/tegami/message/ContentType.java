package org.tegami.message;

import java.util.List;
import java.util.Locale;

/** A parsed Content-Type: lower-case type and subtype, and parameters in header order. */
record ContentType(String type, String subtype, List<Parameter> parameters) {

    /** RFC 2045 §5.2: what an entity without a (valid) Content-Type is. */
    static final ContentType TEXT_PLAIN_DEFAULT =
            new ContentType("text", "plain", List.of(new Parameter("charset", "us-ascii")));

    /** RFC 2046 §5.1.5: the default for a body part of multipart/digest. */
    static final ContentType MESSAGE_RFC822_DEFAULT = new ContentType("message", "rfc822", List.of());

    ContentType {
        parameters = List.copyOf(parameters);
    }

    /**
     * Parses a Content-Type value; {@code null} (absent) gives {@code absentDefault}, a value that is not
     * {@code token "/" token} gives text/plain (RFC 2045 §5.2).
     */
    static ContentType parse(String headerValue, ContentType absentDefault) {
        if (headerValue == null) {
            return absentDefault;
        }
        ParameterizedValue parsed = ParameterizedValue.parse(headerValue);
        String value = parsed.value();
        int slash = value.indexOf('/');
        if (slash < 0) {
            return TEXT_PLAIN_DEFAULT;
        }
        String type = HeaderText.trimWhitespace(value.substring(0, slash)).toLowerCase(Locale.ROOT);
        String subtype = HeaderText.trimWhitespace(value.substring(slash + 1)).toLowerCase(Locale.ROOT);
        if (!isToken(type) || !isToken(subtype)) {
            return TEXT_PLAIN_DEFAULT;
        }
        return new ContentType(type, subtype, parsed.parameters());
    }

    /** RFC 2045 §5.1: token := 1*<any (US-ASCII) CHAR except SPACE, CTLs, or tspecials>. */
    private static boolean isToken(String text) {
        if (text.isEmpty()) {
            return false;
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c <= ' ' || c >= 127 || "()<>@,;:\\\"/[]?=".indexOf(c) >= 0) {
                return false;
            }
        }
        return true;
    }

    String parameter(String name) {
        for (Parameter parameter : parameters) {
            if (parameter.name().equalsIgnoreCase(name)) {
                return parameter.value();
            }
        }
        return null;
    }

    boolean isMultipart() {
        return "multipart".equals(type);
    }

    /** RFC 2046 §5.2.1 message/rfc822 and its RFC 6532 §3.7 internationalised twin message/global. */
    boolean isEncapsulatedMessage() {
        return "message".equals(type) && ("rfc822".equals(subtype) || "global".equals(subtype));
    }

    boolean isText() {
        return "text".equals(type);
    }
}
