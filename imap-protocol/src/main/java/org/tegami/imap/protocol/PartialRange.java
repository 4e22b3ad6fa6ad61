package org.tegami.imap.protocol;

/**
 * A PARTIAL range (RFC 9394 §3): positions in a result, counted from 1 at the start ({@code 1:100}) or from -1 at
 * the end ({@code -1:-100}). Stored with {@code first} nearer the start of the counting (|first| ≤ |last|).
 */
public record PartialRange(long first, long last) {

    public PartialRange {
        if (first == 0 || last == 0 || (first < 0) != (last < 0) || Math.abs(first) > Math.abs(last)) {
            throw new IllegalArgumentException("invalid partial range");
        }
    }

    public boolean fromEnd() {
        return first < 0;
    }

    /** The 0-based indexes, ascending, this range selects in a result of {@code size} elements ({@code [from, to)}). */
    public long[] indexes(int size) {
        long from;
        long to;
        if (fromEnd()) {
            from = Math.max(0, size + last);
            to = Math.max(0, size + first + 1);
        } else {
            from = Math.min(size, first - 1);
            to = Math.min(size, last);
        }
        return new long[] {from, to};
    }

    /** The wire form, e.g. {@code 1:100} or {@code -1:-100}. */
    @Override
    public String toString() {
        return first + ":" + last;
    }

    /**
     * RFC 9394 §5: partial-range = partial-range-first / partial-range-last; partial-range-first = nz-number ":"
     * nz-number; partial-range-last = MINUS nz-number ":" MINUS nz-number. Either end may come first.
     */
    static PartialRange parse(CommandReader in) {
        boolean fromEnd = in.tryConsume('-');
        long a = in.readNzNumber("Invalid PARTIAL range");
        in.expect(':', "Invalid PARTIAL range");
        if (fromEnd) {
            in.expect('-', "Invalid PARTIAL range");
        }
        long b = in.readNzNumber("Invalid PARTIAL range");
        long low = Math.min(a, b);
        long high = Math.max(a, b);
        return fromEnd ? new PartialRange(-low, -high) : new PartialRange(low, high);
    }
}
