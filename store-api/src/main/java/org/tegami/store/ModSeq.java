package org.tegami.store;

/** A modification sequence (RFC 7162): every change to a mailbox's messages takes a new, larger value. */
public record ModSeq(long value) implements Comparable<ModSeq> {
    public static final ModSeq ZERO = new ModSeq(0);

    @Override
    public int compareTo(ModSeq other) {
        return Long.compare(value, other.value);
    }
}
