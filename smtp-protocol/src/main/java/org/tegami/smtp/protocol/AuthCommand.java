package org.tegami.smtp.protocol;

/** AUTH (RFC 4954 §4): mechanism (upper-cased) and the initial response as sent: base64, {@code =} for empty, or null when absent. */
public record AuthCommand(String mechanism, String initialResponse) implements SmtpCommand {

    /** RFC 4422 §3.1: sasl-mech = 1*20mech-char. */
    static final int MAX_MECHANISM_CHARS = 20;

    /** {@code argument}: the text after "AUTH ". auth-command = "AUTH" SP sasl-mech [SP initial-response] (RFC 4954 §4). */
    static AuthCommand parse(String argument) {
        String[] words = argument.split(" +");
        if (argument.isEmpty() || words.length > 2) {
            throw new ParseFailure(501, "5.5.4", "Syntax: AUTH mechanism [initial-response]");
        }
        String mechanism = Ascii.upper(words[0]);
        if (mechanism.length() > MAX_MECHANISM_CHARS) {
            throw new ParseFailure(501, "5.5.4", "Invalid mechanism name");
        }
        for (int i = 0; i < mechanism.length(); i++) {
            // mech-char = UPPER-ALPHA / DIGIT / HYPHEN / UNDERSCORE (lower case accepted and upper-cased)
            char c = mechanism.charAt(i);
            if (!Ascii.isAlphaDigit(c) && c != '-' && c != '_') {
                throw new ParseFailure(501, "5.5.4", "Invalid mechanism name");
            }
        }
        String initialResponse = null;
        if (words.length == 2) {
            initialResponse = words[1];
            // RFC 4954 §4: initial-response = base64 / "=", "=" standing for an empty response
            if (!initialResponse.equals("=") && !isBase64(initialResponse)) {
                throw new ParseFailure(501, "5.5.2", "Invalid base64 in initial response");
            }
        }
        return new AuthCommand(mechanism, initialResponse);
    }

    /**
     * RFC 4648 §4 base64 with padding, strictly: whole 4-character groups, "=" only as the last one or two
     * characters, and zero pad bits (§3.5), so that each byte string has exactly one encoding.
     */
    static boolean isBase64(String text) {
        int length = text.length();
        if (length == 0 || length % 4 != 0) {
            return false;
        }
        int padding = text.endsWith("==") ? 2 : text.endsWith("=") ? 1 : 0;
        for (int i = 0; i < length - padding; i++) {
            if (base64Value(text.charAt(i)) < 0) {
                return false;
            }
        }
        if (padding == 1) {
            return (base64Value(text.charAt(length - 2)) & 0b11) == 0;
        }
        if (padding == 2) {
            return (base64Value(text.charAt(length - 3)) & 0b1111) == 0;
        }
        return true;
    }

    private static int base64Value(char c) {
        if (c >= 'A' && c <= 'Z') {
            return c - 'A';
        }
        if (c >= 'a' && c <= 'z') {
            return c - 'a' + 26;
        }
        if (c >= '0' && c <= '9') {
            return c - '0' + 52;
        }
        return c == '+' ? 62 : c == '/' ? 63 : -1;
    }
}
