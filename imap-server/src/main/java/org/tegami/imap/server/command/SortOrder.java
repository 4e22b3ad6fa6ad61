package org.tegami.imap.server.command;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import org.tegami.imap.protocol.SortCommand;
import org.tegami.imap.server.CommandContext;
import org.tegami.message.Address;
import org.tegami.message.BaseSubject;
import org.tegami.message.EncodedWords;
import org.tegami.message.HeaderField;
import org.tegami.store.MessageRecord;
import org.tegami.store.SortDate;

/**
 * The order of SORT (RFC 5256 §3, DISPLAYFROM and DISPLAYTO of RFC 5957): by the criteria in turn, ties by
 * mailbox order (sequence number, which is UID order). Each message's sort values are computed once, into an
 * {@link Entry}, so that a result can be sorted, and a message later placed into a sorted result (RFC 5267 §4.3.3
 * ADDTO positions), without reading the message again. Strings compare with i;ascii-casemap (RFC 5256 §2.2): ASCII
 * letters case-folded, other characters as they are. With no criteria this is mailbox order, the order of SEARCH.
 */
final class SortOrder implements Comparator<SortOrder.Entry> {

    /** A message's UID and its sort values, one per criterion (each a {@link Comparable} of one type). */
    record Entry(long uid, List<Comparable<?>> values) {
    }

    /** The largest epoch second whose milliseconds fit in a long. */
    private static final long MAX_SECONDS = Long.MAX_VALUE / 1000 - 1;
    /** Bits of a key that one pass of {@link #sort} orders by. */
    private static final int RADIX_BITS = 16;
    /** Keys from which {@link #sort} sorts by radix: below, the passes cost more than a comparison sort. */
    private static final int RADIX_AT_LEAST = 4096;

    private final List<SortCommand.Criterion> criteria;

    SortOrder(List<SortCommand.Criterion> criteria) {
        this.criteria = List.copyOf(criteria);
    }

    /** The order of SEARCH results (RFC 5267 §4.4: mailbox order). */
    static SortOrder mailboxOrder() {
        return new SortOrder(List.of());
    }

    /** Whether placing a message needs its stored record (false for mailbox order). */
    boolean needsRecords() {
        return !criteria.isEmpty();
    }

    /** The entry of a message in mailbox order; only when {@link #needsRecords()} is false. */
    Entry entry(long uid) {
        return new Entry(uid, List.of());
    }

    /** Whether every criterion is DATE, so that the store's SORT DATE keys alone order the messages. */
    boolean onlyByDate() {
        return !criteria.isEmpty() && criteria.stream().allMatch(c -> c.key() == SortCommand.Key.DATE);
    }

    /**
     * Whether the first criterion says REVERSE; with {@link #onlyByDate()} it decides the whole order, since every
     * later criterion compares the same key again.
     */
    boolean reverse() {
        return !criteria.isEmpty() && criteria.getFirst().reverse();
    }

    /** Whether a SORT DATE key is whole milliseconds that fit in a long, as {@link #byDate} takes them. */
    static boolean inMillis(Instant date) {
        return date.getNano() % 1_000_000 == 0 && date.getEpochSecond() <= MAX_SECONDS
                && date.getEpochSecond() >= -MAX_SECONDS;
    }

    /**
     * Orders {@code numbers} by their SORT DATE keys in {@code millis} (both in mailbox order), as {@link #compare}
     * orders the entries of {@link #onlyByDate()}: ascending, or descending with REVERSE, and ties in mailbox order
     * whatever REVERSE says (RFC 5256 §3). Key and position go into one long, so that one primitive sort does it: no
     * object or comparator call per message. The key goes in as its distance from the earliest (or, reversed, the
     * latest) key, or as its rank among the keys when the distances are too wide to share a long with the position.
     */
    static long[] byDate(long[] millis, long[] numbers, boolean reverse) {
        int n = millis.length;
        int positionBits = 64 - Long.numberOfLeadingZeros(Math.max(1, n - 1));
        long min = Long.MAX_VALUE;
        long max = Long.MIN_VALUE;
        for (long m : millis) {
            min = Math.min(min, m);
            max = Math.max(max, m);
        }
        long span = max - min;
        long[] keys;
        if (n > 0 && span >= 0 && span < 1L << (63 - positionBits)) {
            keys = new long[n];
            for (int i = 0; i < n; i++) {
                keys[i] = (reverse ? max - millis[i] : millis[i] - min) << positionBits | i;
            }
        } else {
            keys = ranked(millis, reverse, positionBits);
        }
        sort(keys);
        long position = (1L << positionBits) - 1;
        long[] ordered = new long[n];
        for (int i = 0; i < n; i++) {
            ordered[i] = numbers[(int) (keys[i] & position)];
        }
        return ordered;
    }

    /**
     * Sorts non-negative keys ascending: a few thousand with {@link Arrays#sort}, more with a least-significant-digit
     * radix sort, RADIX_BITS of the key a pass and only as many passes as the widest key needs: a handful of plain
     * passes over the array, where a comparison sort of a whole big mailbox takes several times as long.
     */
    static void sort(long[] keys) {
        int n = keys.length;
        if (n < RADIX_AT_LEAST) {
            Arrays.sort(keys);
            return;
        }
        long used = 0;
        for (long key : keys) {
            used |= key;
        }
        int bits = 64 - Long.numberOfLeadingZeros(used);
        long[] from = keys;
        long[] to = new long[n];
        int[] starts = new int[1 << RADIX_BITS];
        int digit = (1 << RADIX_BITS) - 1;
        for (int shift = 0; shift < bits; shift += RADIX_BITS) {
            Arrays.fill(starts, 0);
            for (long key : from) {
                starts[(int) (key >>> shift) & digit]++;
            }
            int start = 0;
            for (int d = 0; d < starts.length; d++) {
                int count = starts[d];
                starts[d] = start;
                start += count;
            }
            // Stable: keys equal in this digit keep the order the lower digits gave them.
            for (long key : from) {
                to[starts[(int) (key >>> shift) & digit]++] = key;
            }
            long[] sorted = to;
            to = from;
            from = sorted;
        }
        if (from != keys) {
            System.arraycopy(from, 0, keys, 0, n);
        }
    }

    /** Each key's rank among the keys (reversed with REVERSE), above its position. */
    private static long[] ranked(long[] millis, boolean reverse, int positionBits) {
        int n = millis.length;
        long[] ascending = millis.clone();
        Arrays.sort(ascending);
        long[] keys = new long[n];
        for (int i = 0; i < n; i++) {
            // Equal keys search the same path, so they get the same rank.
            int rank = Arrays.binarySearch(ascending, millis[i]);
            keys[i] = (long) (reverse ? n - 1 - rank : rank) << positionBits | i;
        }
        return keys;
    }

    /** The entry of a message from its stored SORT DATE key; only when {@link #onlyByDate()}. */
    Entry entry(SortDate date) {
        List<Comparable<?>> values = new ArrayList<>(criteria.size());
        for (int i = 0; i < criteria.size(); i++) {
            values.add(date.date());
        }
        return new Entry(date.uid().value(), values);
    }

    Entry entry(CommandContext context, MessageRecord record) {
        List<Comparable<?>> values = new ArrayList<>(criteria.size());
        for (SortCommand.Criterion criterion : criteria) {
            values.add(value(context, criterion.key(), record));
        }
        return new Entry(record.uid().value(), values);
    }

    @Override
    @SuppressWarnings({"unchecked", "rawtypes"})
    public int compare(Entry a, Entry b) {
        for (int i = 0; i < criteria.size(); i++) {
            int c = ((Comparable) a.values().get(i)).compareTo(b.values().get(i));
            if (c != 0) {
                return criteria.get(i).reverse() ? -c : c;
            }
        }
        // RFC 5256 §3: ties are broken by sequence number, whatever REVERSE says.
        return Long.compare(a.uid(), b.uid());
    }

    private static Comparable<?> value(CommandContext context, SortCommand.Key key, MessageRecord r) {
        return switch (key) {
            case ARRIVAL -> r.internalDate();
            case SIZE -> r.size();
            // RFC 5256 §3: the sent date in UTC, or INTERNALDATE when the Date header is absent or invalid.
            case DATE -> r.structure().sentDate() != null ? r.structure().sentDate().toInstant() : r.internalDate();
            case FROM -> asciiCasemap(firstMailbox(r.structure().envelope().from()));
            case TO -> asciiCasemap(firstMailbox(r.structure().envelope().to()));
            case CC -> asciiCasemap(firstMailbox(r.structure().envelope().cc()));
            // RFC 5957 §3: the first address's display name, decoded, or its addr-spec when it has none.
            case DISPLAYFROM -> asciiCasemap(display(r.structure().envelope().from()));
            case DISPLAYTO -> asciiCasemap(display(r.structure().envelope().to()));
            case SUBJECT -> asciiCasemap(BaseSubject.of(decodedSubject(context, r)));
        };
    }

    /** RFC 4790 §9.2 i;ascii-casemap: a-z compare as A-Z. */
    private static String asciiCasemap(String text) {
        StringBuilder sb = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            sb.append(c >= 'a' && c <= 'z' ? (char) (c - 32) : c);
        }
        return sb.toString();
    }

    /** RFC 5256 §3: the first address's addr-mailbox (local part), "" when there is none. */
    private static String firstMailbox(List<Address> addresses) {
        for (Address a : addresses) {
            if (!a.isGroupStart() && !a.isGroupEnd()) {
                return a.mailbox() == null ? "" : a.mailbox();
            }
        }
        return "";
    }

    private static String display(List<Address> addresses) {
        for (Address a : addresses) {
            if (!a.isGroupStart() && !a.isGroupEnd()) {
                String name = EncodedWords.decode(a.name());
                if (name != null && !name.isBlank()) {
                    return name.strip();
                }
                return (a.mailbox() == null ? "" : a.mailbox()) + "@" + a.host();
            }
        }
        return "";
    }

    /** The Subject decoded from encoded words, as stored for SEARCH. */
    private static String decodedSubject(CommandContext context, MessageRecord record) {
        for (HeaderField h : context.store().messages().text(record.content()).headers()) {
            if (h.name().equalsIgnoreCase("Subject")) {
                return h.value();
            }
        }
        return "";
    }
}
