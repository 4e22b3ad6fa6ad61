package org.tegami.server;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A size in octets as people write it in the configuration file and on the command line: a whole number with
 * an optional unit, binary ({@code KiB MiB GiB TiB}, powers of 1024) or decimal ({@code KB MB GB TB}, powers
 * of 1000), or {@code B} or no unit for octets. {@code "5GiB"}, {@code "500 MB"}, {@code "1048576"}.
 */
final class StorageSize {
    private static final Pattern SIZE = Pattern.compile("(\\d{1,19})\\s*([KMGT]i?B|B)?", Pattern.CASE_INSENSITIVE);

    private StorageSize() {
    }

    /** The octets {@code text} names; {@link IllegalArgumentException} if it is not a size or overflows. */
    static long parse(String text) {
        Matcher m = SIZE.matcher(text.strip());
        if (!m.matches()) {
            throw new IllegalArgumentException("not a size: \"" + text + "\" (write e.g. 5GiB, 500MB or 1048576)");
        }
        long number;
        try {
            number = Long.parseLong(m.group(1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("size too large: \"" + text + "\"");
        }
        String unit = m.group(2) == null ? "B" : m.group(2).toUpperCase(Locale.ROOT);
        long multiplier = switch (unit) {
            case "B" -> 1L;
            case "KIB" -> 1L << 10;
            case "MIB" -> 1L << 20;
            case "GIB" -> 1L << 30;
            case "TIB" -> 1L << 40;
            case "KB" -> 1_000L;
            case "MB" -> 1_000_000L;
            case "GB" -> 1_000_000_000L;
            case "TB" -> 1_000_000_000_000L;
            default -> throw new IllegalArgumentException("unknown unit in \"" + text + "\"");
        };
        try {
            return Math.multiplyExact(number, multiplier);
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException("size too large: \"" + text + "\"");
        }
    }

    /** {@code octets} in the largest binary unit that divides it exactly: 5368709120 → "5GiB", 1000 → "1000B". */
    static String format(long octets) {
        String[] units = {"TiB", "GiB", "MiB", "KiB"};
        int[] shifts = {40, 30, 20, 10};
        for (int i = 0; i < units.length; i++) {
            long unit = 1L << shifts[i];
            if (octets >= unit && octets % unit == 0) {
                return (octets / unit) + units[i];
            }
        }
        return octets + "B";
    }
}
