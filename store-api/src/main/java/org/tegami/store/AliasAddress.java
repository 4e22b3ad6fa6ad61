package org.tegami.store;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The shape of alias addresses and targets, checked before anything is written. Loose on the local part
 * (RFC 5321 §4.1.2 allows quoted strings, even with {@code @} inside, hence the last {@code @} splits),
 * strict only where a mistake would make an alias that can never match: a missing local part or domain,
 * blanks, control characters. Every backend applies them before writing an alias.
 */
public final class AliasAddress {
    private AliasAddress() {
    }

    /** {@code local@domain} or {@code @domain} (a catch-all), trimmed and lower-cased; {@code CANNOT} otherwise. */
    public static String address(String address) {
        String normalized = normalize(address, "alias address");
        if (normalized.startsWith("@")) {
            requireDomain(normalized.substring(1));
            return normalized;
        }
        return mailbox(normalized, "alias address");
    }

    /** At least one target, each {@code local@domain}; duplicates dropped, first occurrence keeps its place. */
    public static List<String> targets(List<String> targets) {
        if (targets == null || targets.isEmpty()) {
            throw cannot("an alias needs at least one target");
        }
        Set<String> result = new LinkedHashSet<>();
        for (String target : targets) {
            result.add(mailbox(normalize(target, "alias target"), "alias target"));
        }
        return new ArrayList<>(result);
    }

    private static String normalize(String value, String what) {
        if (value == null) {
            throw cannot("the " + what + " is missing");
        }
        return value.strip().toLowerCase(Locale.ROOT);
    }

    private static String mailbox(String normalized, String what) {
        int at = normalized.lastIndexOf('@');
        if (at <= 0) {
            throw cannot("the " + what + " is not local@domain");
        }
        requireDomain(normalized.substring(at + 1));
        requirePrintable(normalized.substring(0, at), what);
        return normalized;
    }

    private static void requireDomain(String domain) {
        if (domain.isEmpty() || domain.startsWith(".") || domain.endsWith(".") || domain.contains("..")) {
            throw cannot("the domain of an alias address or target is not a domain name");
        }
        requirePrintable(domain, "domain");
    }

    private static void requirePrintable(String part, String what) {
        // Blanks and control characters cannot appear unquoted in an SMTP path, and a stored one would
        // only ever match by accident.
        if (part.chars().anyMatch(ch -> ch <= ' ' || ch == 0x7f)) {
            throw cannot("the " + what + " contains a blank or a control character");
        }
    }

    private static StoreError cannot(String message) {
        return new StoreError(StoreError.Kind.CANNOT, message);
    }
}
