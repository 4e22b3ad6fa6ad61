package org.tegami.imap.protocol;

import java.util.List;

/**
 * A sequence set (RFC 9051 §9 {@code sequence-set}) as sent: ranges whose ends are numbers or
 * {@link #STAR}, or the saved search result {@code $} (RFC 5182). Resolution against a mailbox (which
 * numbers exist, what {@code *} means) is the session's job.
 */
public record SequenceSet(List<Range> ranges, boolean saved) {

    /** Stands for {@code *}: the largest number in use. */
    public static final long STAR = -1;

    /** {@code $}: the result of the last SEARCH with SAVE. */
    public static final SequenceSet SAVED = new SequenceSet(List.of(), true);

    public SequenceSet {
        ranges = List.copyOf(ranges);
    }

    /** {@code start:end} as sent (either may be {@link #STAR}; start may exceed end); a single number has start == end. */
    public record Range(long start, long end) {
    }
}
