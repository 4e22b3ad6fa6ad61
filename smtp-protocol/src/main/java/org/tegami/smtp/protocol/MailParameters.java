package org.tegami.smtp.protocol;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * MAIL FROM parameters: SIZE (RFC 1870; null when absent), BODY (null when absent), SMTPUTF8 (RFC 6531),
 * RET and ENVID (RFC 3461; null when absent, ENVID decoded from xtext), AUTH (RFC 4954 §5; the decoded
 * mailbox, or {@code <>}, null when absent), REQUIRETLS (RFC 8689).
 */
public record MailParameters(
        Long size,
        BodyType body,
        boolean smtpUtf8,
        DsnReturn ret,
        String envelopeId,
        String auth,
        boolean requireTls) {

    public static final MailParameters NONE = new MailParameters(null, null, false, null, null, null, false);

    /** RFC 1870 §4: size-value ::= 1*20DIGIT. */
    static final int MAX_SIZE_DIGITS = 20;
    /** RFC 3461 §4.4: the ENVID value must not exceed 100 characters (counted as sent, in xtext). */
    static final int MAX_ENVELOPE_ID_CHARS = 100;

    static MailParameters parse(List<EsmtpParameter> parameters) {
        Long size = null;
        BodyType body = null;
        boolean smtpUtf8 = false;
        DsnReturn ret = null;
        String envelopeId = null;
        String auth = null;
        boolean requireTls = false;
        Set<String> seen = new HashSet<>();
        for (EsmtpParameter parameter : parameters) {
            if (!seen.add(parameter.keyword())) {
                throw EsmtpParameter.duplicate();
            }
            switch (parameter.keyword()) {
                case "SIZE" -> size = parseSize(parameter.requireValue());
                case "BODY" -> body = parseBody(parameter.requireValue());
                case "SMTPUTF8" -> {
                    // RFC 6531 §3.4: SMTPUTF8 takes no value
                    parameter.requireNoValue();
                    smtpUtf8 = true;
                }
                case "RET" -> ret = parseRet(parameter.requireValue());
                case "ENVID" -> envelopeId = Xtext.decodeParameter(parameter.requireValue(), MAX_ENVELOPE_ID_CHARS);
                // RFC 4954 §5: auth-param = "AUTH=" xtext, the xtext of a mailbox or of "<>"
                case "AUTH" -> auth = Xtext.decodeParameter(parameter.requireValue(), Integer.MAX_VALUE);
                case "REQUIRETLS" -> {
                    // RFC 8689 §4.1: REQUIRETLS takes no value
                    parameter.requireNoValue();
                    requireTls = true;
                }
                default -> throw EsmtpParameter.unrecognised();
            }
        }
        return new MailParameters(size, body, smtpUtf8, ret, envelopeId, auth, requireTls);
    }

    /**
     * RFC 1870 §4: SIZE=1*20DIGIT. Twenty digits can exceed a long; such a size is saturated to
     * {@link Long#MAX_VALUE}, which any limit rejects with 552 as RFC 1870 §6.1 asks.
     */
    private static long parseSize(String value) {
        if (value.length() > MAX_SIZE_DIGITS) {
            throw EsmtpParameter.badValue();
        }
        long size = 0;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (!Ascii.isDigit(c)) {
                throw EsmtpParameter.badValue();
            }
            int digit = c - '0';
            size = size > (Long.MAX_VALUE - digit) / 10 ? Long.MAX_VALUE : size * 10 + digit;
        }
        return size;
    }

    /** RFC 6152 §2 and RFC 3030 §3: BODY=7BIT / 8BITMIME / BINARYMIME. */
    private static BodyType parseBody(String value) {
        return switch (Ascii.upper(value)) {
            case "7BIT" -> BodyType.SEVEN_BIT;
            case "8BITMIME" -> BodyType.EIGHT_BIT_MIME;
            case "BINARYMIME" -> BodyType.BINARY_MIME;
            default -> throw EsmtpParameter.badValue();
        };
    }

    /** RFC 3461 §4.3: ret-value = "FULL" / "HDRS". */
    private static DsnReturn parseRet(String value) {
        return switch (Ascii.upper(value)) {
            case "FULL" -> DsnReturn.FULL;
            case "HDRS" -> DsnReturn.HDRS;
            default -> throw EsmtpParameter.badValue();
        };
    }
}
