package org.tegami.smtp.protocol;

import java.util.ArrayList;
import java.util.List;

/**
 * One MAIL or RCPT parameter (RFC 5321 §4.1.2): {@code esmtp-param = esmtp-keyword ["=" esmtp-value]}.
 * The keyword is upper-cased (keywords are case-insensitive, RFC 5321 §2.4); value is null when absent.
 */
record EsmtpParameter(String keyword, String value) {

    /**
     * The parameters after a path: nothing, or SP followed by parameters separated by SP. Runs of spaces are
     * tolerated.
     */
    static List<EsmtpParameter> readAll(String argument, int from) {
        List<EsmtpParameter> parameters = new ArrayList<>();
        if (from == argument.length()) {
            return parameters;
        }
        if (argument.charAt(from) != ' ') {
            throw new ParseFailure(501, "5.5.2", "Syntax error after the address");
        }
        for (String token : argument.substring(from).split(" ")) {
            if (!token.isEmpty()) {
                parameters.add(read(token));
            }
        }
        return parameters;
    }

    private static EsmtpParameter read(String token) {
        int equals = token.indexOf('=');
        String keyword = equals < 0 ? token : token.substring(0, equals);
        String value = equals < 0 ? null : token.substring(equals + 1);
        // esmtp-keyword = (ALPHA / DIGIT) *(ALPHA / DIGIT / "-")
        if (keyword.isEmpty() || keyword.charAt(0) == '-') {
            throw badSyntax();
        }
        for (int i = 0; i < keyword.length(); i++) {
            char c = keyword.charAt(i);
            if (!Ascii.isAlphaDigit(c) && c != '-') {
                throw badSyntax();
            }
        }
        if (value != null) {
            // esmtp-value = 1*(%d33-60 / %d62-126): no "=", no SP, no controls, ASCII
            if (value.isEmpty()) {
                throw badSyntax();
            }
            for (int i = 0; i < value.length(); i++) {
                char c = value.charAt(i);
                if (c < 33 || c > 126 || c == '=') {
                    throw badSyntax();
                }
            }
        }
        return new EsmtpParameter(Ascii.upper(keyword), value);
    }

    static ParseFailure badSyntax() {
        return new ParseFailure(501, "5.5.4", "Invalid parameter syntax");
    }

    /** RFC 5321 §4.1.1.11: parameters not recognised or not implemented, and here also repeated ones, get 555. */
    static ParseFailure unrecognised() {
        return new ParseFailure(555, "5.5.4", "Unsupported parameter");
    }

    static ParseFailure duplicate() {
        return new ParseFailure(555, "5.5.4", "Duplicate parameter");
    }

    static ParseFailure badValue() {
        return new ParseFailure(501, "5.5.4", "Invalid parameter value");
    }

    /** For parameters that take no value (SMTPUTF8, REQUIRETLS). */
    void requireNoValue() {
        if (value != null) {
            throw badValue();
        }
    }

    /** For parameters that take a value. */
    String requireValue() {
        if (value == null) {
            throw badValue();
        }
        return value;
    }
}
