package org.tegami.smtp.protocol;

import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * RCPT TO parameters (RFC 3461): NOTIFY conditions (empty when absent) and ORCPT as sent
 * ({@code addr-type;xtext-decoded address}, null when absent).
 */
public record RcptParameters(Set<DsnNotify> notifyConditions, String originalRecipient) {
    public static final RcptParameters NONE = new RcptParameters(Set.of(), null);

    /** RFC 3461 §4.2: the ORCPT value must not exceed 500 characters (counted as sent, in xtext). */
    static final int MAX_ORIGINAL_RECIPIENT_CHARS = 500;

    public RcptParameters {
        notifyConditions = Set.copyOf(notifyConditions);
    }

    static RcptParameters parse(List<EsmtpParameter> parameters) {
        Set<DsnNotify> notify = Set.of();
        String originalRecipient = null;
        Set<String> seen = new HashSet<>();
        for (EsmtpParameter parameter : parameters) {
            if (!seen.add(parameter.keyword())) {
                throw EsmtpParameter.duplicate();
            }
            switch (parameter.keyword()) {
                case "NOTIFY" -> notify = parseNotify(parameter.requireValue());
                case "ORCPT" -> originalRecipient = parseOriginalRecipient(parameter.requireValue());
                default -> throw EsmtpParameter.unrecognised();
            }
        }
        return new RcptParameters(notify, originalRecipient);
    }

    /** RFC 3461 §4.1: notify-esmtp-value = "NEVER" / 1#notify-list-element, notify-list-element = "SUCCESS" / "FAILURE" / "DELAY". */
    private static Set<DsnNotify> parseNotify(String value) {
        String upper = Ascii.upper(value);
        if (upper.equals("NEVER")) {
            return Set.of(DsnNotify.NEVER);
        }
        Set<DsnNotify> conditions = EnumSet.noneOf(DsnNotify.class);
        for (String element : upper.split(",", -1)) {
            switch (element) {
                case "SUCCESS" -> conditions.add(DsnNotify.SUCCESS);
                case "FAILURE" -> conditions.add(DsnNotify.FAILURE);
                case "DELAY" -> conditions.add(DsnNotify.DELAY);
                // NEVER must appear alone; empty elements and anything else are errors
                default -> throw EsmtpParameter.badValue();
            }
        }
        return conditions;
    }

    /** RFC 3461 §4.2: orcpt-parameter = "ORCPT=" addr-type ";" xtext, addr-type = atom. */
    private static String parseOriginalRecipient(String value) {
        if (value.length() > MAX_ORIGINAL_RECIPIENT_CHARS) {
            throw EsmtpParameter.badValue();
        }
        int semicolon = value.indexOf(';');
        if (semicolon <= 0) {
            throw EsmtpParameter.badValue();
        }
        String addressType = value.substring(0, semicolon);
        for (int i = 0; i < addressType.length(); i++) {
            char c = addressType.charAt(i);
            if (c >= 0x80 || !SmtpPath.isAtext(c)) {
                throw EsmtpParameter.badValue();
            }
        }
        String address = Xtext.decodeParameter(value.substring(semicolon + 1), MAX_ORIGINAL_RECIPIENT_CHARS);
        if (address.isEmpty()) {
            throw EsmtpParameter.badValue();
        }
        return addressType + ";" + address;
    }
}
