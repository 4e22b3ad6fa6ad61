package org.tegami.message;

import java.time.DateTimeException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Parses a Date header (RFC 5322 §3.3, with the obsolete forms of §4.3) keeping the header's own
 * offset. Lenient about spacing, comments, a missing day of week, seconds or zone; {@code null} when
 * the value cannot be read as a date.
 */
final class SentDateParser {
    private static final List<String> MONTHS =
            List.of("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec");

    private SentDateParser() {
    }

    static OffsetDateTime parse(String value) {
        if (value == null) {
            return null;
        }
        try {
            return parseTokens(tokens(ParameterizedValue.withoutComments(value)));
        } catch (DateTimeException | NumberFormatException e) {
            return null;
        }
    }

    private static List<String> tokens(String value) {
        List<String> tokens = new ArrayList<>();
        for (String token : value.split("[\\s,]+")) {
            if (!token.isEmpty()) {
                tokens.add(token);
            }
        }
        return tokens;
    }

    private static OffsetDateTime parseTokens(List<String> tokens) {
        int i = 0;
        // optional day-of-week
        if (i < tokens.size() && isLetters(tokens.get(i)) && month(tokens.get(i)) < 0) {
            i++;
        }
        if (i + 3 > tokens.size()) {
            return null;
        }
        int day = number(tokens.get(i++), 2);
        int month = month(tokens.get(i++));
        int year = year(tokens.get(i++));
        if (day < 1 || month < 0 || year < 0 || i >= tokens.size()) {
            return null;
        }
        String[] time = tokens.get(i++).split(":");
        if (time.length < 2 || time.length > 3) {
            return null;
        }
        int hour = number(time[0], 2);
        int minute = number(time[1], 2);
        int second = time.length == 3 ? number(time[2], 2) : 0;
        if (hour < 0 || minute < 0 || second < 0) {
            return null;
        }
        // RFC 5322 §3.3: a leap second is allowed in the syntax; java.time has none.
        second = Math.min(second, 59);
        ZoneOffset offset = i < tokens.size() ? zone(tokens.get(i)) : ZoneOffset.UTC;
        if (offset == null) {
            return null;
        }
        return OffsetDateTime.of(year, month + 1, day, hour, minute, second, 0, offset);
    }

    /** RFC 5322 §4.3: two-digit years below 50 are 20xx, others 19xx; three-digit years add 1900. */
    private static int year(String token) {
        int year = number(token, 4);
        if (year < 0) {
            return -1;
        }
        return switch (token.length()) {
            case 1, 2 -> year < 50 ? 2000 + year : 1900 + year;
            case 3 -> 1900 + year;
            default -> year;
        };
    }

    /** RFC 5322 §3.3 zone ({@code +hhmm}), and the obsolete names of §4.3; unknown names mean -0000. */
    private static ZoneOffset zone(String token) {
        char sign = token.charAt(0);
        if (sign == '+' || sign == '-') {
            String digits = token.substring(1).replace(":", "");
            if (digits.length() != 4) {
                return null;
            }
            int hours = number(digits.substring(0, 2), 2);
            int minutes = number(digits.substring(2), 2);
            if (hours < 0 || hours > 18 || minutes < 0 || minutes > 59) {
                return null;
            }
            int seconds = hours * 3600 + minutes * 60;
            return ZoneOffset.ofTotalSeconds(sign == '-' ? -seconds : seconds);
        }
        int hours = switch (token.toUpperCase(Locale.ROOT)) {
            case "EDT" -> -4;
            case "EST", "CDT" -> -5;
            case "CST", "MDT" -> -6;
            case "MST", "PDT" -> -7;
            case "PST" -> -8;
            default -> 0;
        };
        return ZoneOffset.ofHours(hours);
    }

    private static int month(String token) {
        if (token.length() < 3) {
            return -1;
        }
        return MONTHS.indexOf(token.substring(0, 3).toLowerCase(Locale.ROOT));
    }

    private static boolean isLetters(String token) {
        for (int i = 0; i < token.length(); i++) {
            if (!Character.isLetter(token.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    /** A non-negative decimal of at most {@code maxDigits} digits, or -1. */
    private static int number(String token, int maxDigits) {
        if (token.isEmpty() || token.length() > maxDigits) {
            return -1;
        }
        for (int i = 0; i < token.length(); i++) {
            if (token.charAt(i) < '0' || token.charAt(i) > '9') {
                return -1;
            }
        }
        return Integer.parseInt(token);
    }
}
