package org.tegami.store;

import java.util.Collection;
import java.util.Collections;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/**
 * An immutable set of message flags: system flags ({@code \Seen}, {@code \Answered}, {@code \Flagged},
 * {@code \Deleted}, {@code \Draft}) and keywords. Flag names compare case-insensitively (RFC 9051 §2.3.2);
 * system flags are kept in their canonical spelling, keywords as first given. {@code \Recent} is a
 * session property (RFC 3501 §2.3.2) and is never stored here.
 */
public final class Flags {
    public static final String SEEN = "\\Seen";
    public static final String ANSWERED = "\\Answered";
    public static final String FLAGGED = "\\Flagged";
    public static final String DELETED = "\\Deleted";
    public static final String DRAFT = "\\Draft";
    public static final Set<String> SYSTEM = Set.of(SEEN, ANSWERED, FLAGGED, DELETED, DRAFT);
    public static final Flags NONE = new Flags(new TreeSet<>(String.CASE_INSENSITIVE_ORDER));

    private final TreeSet<String> names;

    private Flags(TreeSet<String> names) {
        this.names = names;
    }

    /** Flags from names; system flags are canonicalised, anything else is taken as a keyword. */
    public static Flags of(Collection<String> names) {
        if (names.isEmpty()) {
            return NONE;
        }
        TreeSet<String> set = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
        for (String name : names) {
            set.add(canonical(name));
        }
        return new Flags(set);
    }

    public static Flags of(String... names) {
        return of(java.util.Arrays.asList(names));
    }

    /** The canonical spelling of a system flag, or the name unchanged. */
    public static String canonical(String name) {
        if (name.startsWith("\\")) {
            String lower = name.toLowerCase(Locale.ROOT);
            for (String system : SYSTEM) {
                if (system.toLowerCase(Locale.ROOT).equals(lower)) {
                    return system;
                }
            }
        }
        return name;
    }

    public boolean contains(String name) {
        return names.contains(name);
    }

    public Flags plus(Flags other) {
        if (other.names.isEmpty()) {
            return this;
        }
        TreeSet<String> set = new TreeSet<>(names);
        set.addAll(other.names);
        return new Flags(set);
    }

    public Flags minus(Flags other) {
        if (other.names.isEmpty()) {
            return this;
        }
        TreeSet<String> set = new TreeSet<>(names);
        set.removeAll(other.names);
        return set.isEmpty() ? NONE : new Flags(set);
    }

    /** The names, sorted case-insensitively; system flags in canonical spelling. */
    public Set<String> names() {
        return Collections.unmodifiableSet(names);
    }

    public boolean isEmpty() {
        return names.isEmpty();
    }

    /** Keywords only (names not starting with a backslash). */
    public Set<String> keywords() {
        TreeSet<String> set = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
        for (String n : names) {
            if (!n.startsWith("\\")) {
                set.add(n);
            }
        }
        return set;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Flags f && f.names.equals(names);
    }

    @Override
    public int hashCode() {
        int h = 0;
        for (String n : names) {
            h += n.toLowerCase(Locale.ROOT).hashCode();
        }
        return h;
    }

    @Override
    public String toString() {
        return String.join(" ", names);
    }
}
