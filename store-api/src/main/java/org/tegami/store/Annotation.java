package org.tegami.store;

import java.util.Arrays;
import java.util.Objects;

/**
 * One metadata entry (RFC 5464 §3.1, where the RFC also calls it an annotation): a name and its value, octets
 * that may be binary. The name is the full entry name, lower-cased (entry names are case-insensitive, §3.2),
 * starting with its scope: {@code /private/...} for the user's own entries, {@code /shared/...} for entries
 * every user who can see the mailbox shares.
 */
public record Annotation(String entry, byte[] value) {

    public Annotation {
        scopeOf(entry);
        Objects.requireNonNull(value, "value");
        value = value.clone();
    }

    @Override
    public byte[] value() {
        return value.clone();
    }

    /** The value's size in octets, as GETMETADATA's MAXSIZE and LONGENTRIES count it (RFC 5464 §4.2.1). */
    public int size() {
        return value.length;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Annotation a && a.entry.equals(entry) && Arrays.equals(a.value, value);
    }

    @Override
    public int hashCode() {
        return entry.hashCode() * 31 + Arrays.hashCode(value);
    }

    @Override
    public String toString() {
        return "Annotation[" + entry + ", " + value.length + " octets]";
    }

    /** The scope of an entry name (RFC 5464 §3.2: its first component). */
    public enum Scope {
        PRIVATE("/private"), SHARED("/shared");

        private final String prefix;

        Scope(String prefix) {
            this.prefix = prefix;
        }

        public String prefix() {
            return prefix;
        }
    }

    /**
     * The scope of a lower-cased entry name with at least two components; {@code IllegalArgumentException} for
     * anything else, which callers must have refused before (RFC 5464 §3.2).
     */
    public static Scope scopeOf(String entry) {
        Objects.requireNonNull(entry, "entry");
        for (Scope scope : Scope.values()) {
            if (entry.startsWith(scope.prefix + "/") && entry.length() > scope.prefix.length() + 1
                    && entry.equals(entry.toLowerCase(java.util.Locale.ROOT))) {
                return scope;
            }
        }
        throw new IllegalArgumentException("not a lower-cased /private or /shared entry name: " + entry);
    }
}
