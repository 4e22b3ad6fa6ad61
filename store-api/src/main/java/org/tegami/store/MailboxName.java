package org.tegami.store;

import java.util.ArrayList;
import java.util.List;

/**
 * The rules for mailbox names: INBOX in any case, the {@code /} hierarchy, what a valid name is. Every
 * backend applies them, so the same name means the same mailbox whichever store holds it.
 */
public final class MailboxName {
    private static final String INBOX_PREFIX = Mailbox.INBOX + Mailbox.DELIMITER;

    private MailboxName() {
    }

    /**
     * Spells INBOX, and INBOX as the first level of a name, in upper case (RFC 9051 §5.1: INBOX is
     * case-insensitive); every other level is case-sensitive and kept as given.
     */
    public static String normalize(String name) {
        if (name.equalsIgnoreCase(Mailbox.INBOX)) {
            return Mailbox.INBOX;
        }
        if (name.regionMatches(true, 0, INBOX_PREFIX, 0, INBOX_PREFIX.length())) {
            return INBOX_PREFIX + name.substring(INBOX_PREFIX.length());
        }
        return name;
    }

    /** Rejects names the tree cannot hold: empty, or with an empty level ("a//b", "/a", "a/"). */
    public static String validated(String name) {
        String n = normalize(name);
        if (n.isEmpty()) {
            throw new StoreError(StoreError.Kind.CANNOT, "a mailbox name cannot be empty");
        }
        for (String level : n.split(String.valueOf(Mailbox.DELIMITER), -1)) {
            if (level.isEmpty()) {
                throw new StoreError(StoreError.Kind.CANNOT, "a mailbox name cannot have an empty level");
            }
        }
        return n;
    }

    /** The superior names of {@code name}, outermost first: "a/b/c" gives "a", "a/b". */
    public static List<String> superiors(String name) {
        List<String> result = new ArrayList<>();
        int i = name.indexOf(Mailbox.DELIMITER);
        while (i >= 0) {
            result.add(name.substring(0, i));
            i = name.indexOf(Mailbox.DELIMITER, i + 1);
        }
        return result;
    }

    /** True if {@code candidate} is {@code name} itself or one of its inferiors. */
    public static boolean isSelfOrInferior(String candidate, String name) {
        return candidate.equals(name)
                || (candidate.length() > name.length() + 1
                        && candidate.startsWith(name)
                        && candidate.charAt(name.length()) == Mailbox.DELIMITER);
    }
}
