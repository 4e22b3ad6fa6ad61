package org.tegami.imap.server.command;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Locale;
import java.util.Set;
import org.tegami.imap.protocol.ResponseWriter;
import org.tegami.imap.protocol.SearchReturnOption;
import org.tegami.imap.protocol.SortCommand;
import org.tegami.imap.server.CommandContext;
import org.tegami.imap.server.CommandHandler;
import org.tegami.imap.server.Outcome;
import org.tegami.imap.server.SelectedMailbox;
import org.tegami.message.Address;
import org.tegami.message.BaseSubject;
import org.tegami.message.EncodedWords;
import org.tegami.message.HeaderField;
import org.tegami.store.MessageRecord;
import org.tegami.store.SortDate;
import org.tegami.store.Uid;

/**
 * SORT and UID SORT (RFC 5256 §3, DISPLAYFROM and DISPLAYTO of RFC 5957): the messages SEARCH would find,
 * ordered by the criteria in turn, ties by
 * sequence number. Strings compare with i;ascii-casemap (RFC 5256 §2.2): ASCII letters case-folded, other
 * characters as they are.
 */
public final class SortHandler implements CommandHandler<SortCommand> {

    private static final Set<String> CHARSETS = Set.of("UTF-8", "US-ASCII");
    private static final int BATCH = 256;

    @Override
    public Outcome handle(SortCommand command, CommandContext context) {
        if (!CHARSETS.contains(command.charset().toUpperCase(Locale.ROOT))) {
            return Outcome.no("BADCHARSET (UTF-8 US-ASCII)", "Unsupported charset");
        }
        SelectedMailbox view = context.selected();
        int[] seqs = new SearchEvaluator(context, view, Instant.now(), command.tag()).matching(command.key());
        // The messages still there, in sequence order, with their metadata; their structure only for the keys
        // that read it, and their SORT DATE keys as the store keeps them.
        boolean withStructure = command.criteria().stream().anyMatch(c -> switch (c.key()) {
            case FROM, TO, CC, DISPLAYFROM, DISPLAYTO -> true;
            default -> false;
        });
        boolean byDate = command.criteria().stream().anyMatch(c -> c.key() == SortCommand.Key.DATE);
        boolean onlyByDate = command.criteria().stream().allMatch(c -> c.key() == SortCommand.Key.DATE);
        List<MessageRecord> records = new ArrayList<>(seqs.length);
        List<Integer> present = new ArrayList<>(seqs.length);
        Map<Long, Instant> dates = byDate ? new HashMap<>() : Map.of();
        if (onlyByDate) {
            // The keys are all it takes, and small: one read for every message, no metadata.
            List<Uid> uids = new ArrayList<>(seqs.length);
            for (int seq : seqs) {
                uids.add(new Uid(view.uidAt(seq)));
            }
            for (SortDate d : context.store().messages().sortDates(view.mailbox().id(), uids)) {
                int seq = view.seqOf(d.uid().value());
                if (seq > 0) {
                    present.add(seq);
                    dates.put(d.uid().value(), d.date());
                }
            }
        }
        for (int start = 0; !onlyByDate && start < seqs.length; start += BATCH) {
            List<Uid> uids = new ArrayList<>();
            for (int i = start; i < Math.min(seqs.length, start + BATCH); i++) {
                uids.add(new Uid(view.uidAt(seqs[i])));
            }
            for (MessageRecord r : context.store().messages().fetch(view.mailbox().id(), uids, withStructure)) {
                int seq = view.seqOf(r.uid().value());
                if (seq > 0) {
                    records.add(r);
                    present.add(seq);
                }
            }
            if (byDate) {
                for (SortDate d : context.store().messages().sortDates(view.mailbox().id(), uids)) {
                    dates.put(d.uid().value(), d.date());
                }
            }
        }
        // Each criterion's key is computed once per message, not once per comparison.
        Comparator<Integer> order = null;
        for (SortCommand.Criterion criterion : command.criteria()) {
            Comparator<Integer> next = comparator(context, criterion.key(), present.size(), records,
                    i -> dates.getOrDefault(view.uidAt(present.get(i)), records.isEmpty() ? null
                            : records.get(i).internalDate()));
            if (criterion.reverse()) {
                next = next.reversed();
            }
            order = order == null ? next : order.thenComparing(next);
        }
        // RFC 5256 §3: ties are broken by sequence number, whatever REVERSE says.
        order = order.thenComparingInt(present::get);
        List<Integer> positions = new ArrayList<>(present.size());
        for (int i = 0; i < present.size(); i++) {
            positions.add(i);
        }
        positions.sort(order);
        List<Integer> sorted = new ArrayList<>(positions.size());
        for (int position : positions) {
            sorted.add(present.get(position));
        }
        List<Long> results = new ArrayList<>(sorted.size());
        for (int seq : sorted) {
            results.add(command.uid() ? view.uidAt(seq) : (long) seq);
        }
        if (command.returnSpecified()) {
            context.send(esort(command, results));
        } else {
            ResponseWriter w = context.response().raw("* SORT");
            for (long n : results) {
                w.space().number(n);
            }
            context.send(w.crlf());
        }
        return Outcome.ok(command.uid() ? "UID SORT completed" : "SORT completed");
    }

    /**
     * RFC 5267 §3: the ESEARCH answer of a SORT with RETURN: MIN and MAX are the first and last in sort order,
     * ALL (also for RETURN ()) lists the result in sort order, ranges only where it ascends one by one.
     */
    private static ResponseWriter esort(SortCommand command, List<Long> results) {
        Set<SearchReturnOption> options = command.returnOptions();
        ResponseWriter w = new ResponseWriter().raw("* ESEARCH (TAG ").string(command.tag()).raw(")");
        if (command.uid()) {
            w.raw(" UID");
        }
        if (!results.isEmpty()) {
            if (options.contains(SearchReturnOption.MIN)) {
                w.raw(" MIN ").number(results.getFirst());
            }
            if (options.contains(SearchReturnOption.MAX)) {
                w.raw(" MAX ").number(results.getLast());
            }
        }
        if (options.contains(SearchReturnOption.COUNT)) {
            w.raw(" COUNT ").number(results.size());
        }
        if (command.partial() != null) {
            long[] range = command.partial().indexes(results.size());
            List<Long> page = results.subList((int) range[0], (int) range[1]);
            w.raw(" PARTIAL (").raw(command.partial().toString()).space()
                    .raw(page.isEmpty() ? "NIL" : inOrder(page)).raw(")");
        } else if ((options.isEmpty() || options.contains(SearchReturnOption.ALL)) && !results.isEmpty()) {
            w.raw(" ALL ").raw(inOrder(results));
        }
        return w.crlf();
    }

    /** A sequence set in the given order: {@code a:b} only for runs that ascend one by one. */
    private static String inOrder(List<Long> numbers) {
        StringBuilder sb = new StringBuilder();
        int i = 0;
        while (i < numbers.size()) {
            long start = numbers.get(i);
            long end = start;
            while (i + 1 < numbers.size() && numbers.get(i + 1) == end + 1) {
                end++;
                i++;
            }
            if (!sb.isEmpty()) {
                sb.append(',');
            }
            sb.append(start);
            if (end != start) {
                sb.append(':').append(end);
            }
            i++;
        }
        return sb.toString();
    }

    /**
     * Orders the positions {@code 0..n-1} by one key. The records are in position order (none when only DATE
     * is sorted by); {@code date} gives a position's SORT DATE key.
     */
    private static Comparator<Integer> comparator(CommandContext context, SortCommand.Key key, int n,
                                                  List<MessageRecord> records,
                                                  java.util.function.IntFunction<Instant> date) {
        return switch (key) {
            case ARRIVAL -> keys(n, i -> records.get(i).internalDate());
            case SIZE -> sizes(n, i -> records.get(i).size());
            // RFC 5256 §3: the sent date in UTC, or INTERNALDATE when the Date header is absent or invalid.
            // (A message expunged between the two reads has no key; it sorts as of its arrival.)
            case DATE -> keys(n, date);
            case FROM -> text(n, i -> firstMailbox(records.get(i).structure().envelope().from()));
            case TO -> text(n, i -> firstMailbox(records.get(i).structure().envelope().to()));
            case CC -> text(n, i -> firstMailbox(records.get(i).structure().envelope().cc()));
            // RFC 5957 §3: the first address's display name, decoded, or its addr-spec when it has none.
            case DISPLAYFROM -> text(n, i -> display(records.get(i).structure().envelope().from()));
            case DISPLAYTO -> text(n, i -> display(records.get(i).structure().envelope().to()));
            case SUBJECT -> text(n, i -> BaseSubject.of(decodedSubject(context, records.get(i))));
        };
    }

    private static Comparator<Integer> keys(int n, java.util.function.IntFunction<Instant> value) {
        Instant[] keys = new Instant[n];
        for (int i = 0; i < n; i++) {
            keys[i] = value.apply(i);
        }
        return (a, b) -> keys[a].compareTo(keys[b]);
    }

    private static Comparator<Integer> sizes(int n, java.util.function.IntToLongFunction value) {
        long[] keys = new long[n];
        for (int i = 0; i < n; i++) {
            keys[i] = value.applyAsLong(i);
        }
        return (a, b) -> Long.compare(keys[a], keys[b]);
    }

    private static Comparator<Integer> text(int n, java.util.function.IntFunction<String> value) {
        String[] keys = new String[n];
        for (int i = 0; i < n; i++) {
            keys[i] = asciiCasemap(value.apply(i));
        }
        return (a, b) -> keys[a].compareTo(keys[b]);
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
