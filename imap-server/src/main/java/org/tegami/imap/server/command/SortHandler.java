package org.tegami.imap.server.command;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.tegami.imap.protocol.ResponseWriter;
import org.tegami.imap.protocol.SearchReturnOption;
import org.tegami.imap.protocol.SortCommand;
import org.tegami.imap.server.CommandContext;
import org.tegami.imap.server.CommandHandler;
import org.tegami.imap.server.Outcome;
import org.tegami.imap.server.SelectedMailbox;
import org.tegami.store.MessageRecord;
import org.tegami.store.SortDate;
import org.tegami.store.Uid;

/**
 * SORT and UID SORT (RFC 5256 §3, DISPLAYFROM and DISPLAYTO of RFC 5957): the messages SEARCH would find, in the
 * {@link SortOrder} of the criteria. With RETURN the answer is an ESEARCH (ESORT, RFC 5267 §3), and RETURN (UPDATE)
 * keeps the result up to date in sort order (CONTEXT=SORT, RFC 5267 §4.3).
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
        if (command.update() && view.searchContexts().inUse(command.tag())) {
            // RFC 5267 §4.3: UPDATE with the tag of a context still kept is refused.
            return Outcome.bad("Tag reuse: an update context already has this tag");
        }
        int[] seqs = new SearchEvaluator(context, view, Instant.now(), command.tag()).matching(command.key());
        SortOrder order = new SortOrder(command.criteria());
        long[] results = null;
        List<SortOrder.Entry> sorted = null;
        if (order.onlyByDate() && !command.update()) {
            results = byDate(context, view, seqs, order, command.uid());
        }
        if (results == null) {
            sorted = entries(context, view, seqs, order);
            sorted.sort(order);
            results = new long[sorted.size()];
            for (int i = 0; i < results.length; i++) {
                long uid = sorted.get(i).uid();
                results[i] = command.uid() ? uid : view.seqOf(uid);
            }
        }
        String refusal = command.update() ? SearchContexts.refusal(command.key(), view.searchContexts().size(),
                context.settings().maxUpdateContexts()) : null;
        if (refusal != null) {
            // RFC 5267 §4.3.1: an untagged NO [NOUPDATE "tag"]; the other return options are still honoured.
            context.send(context.response().raw("* NO [NOUPDATE ").string(command.tag()).raw("] ").raw(refusal)
                    .crlf());
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
        if (command.update() && refusal == null) {
            view.searchContexts().start(command.tag(), command.uid(), command.key(), order, sorted);
        }
        return Outcome.ok(command.uid() ? "UID SORT completed" : "SORT completed");
    }

    /**
     * The messages at {@code seqs} in SORT (DATE) order from the store's SORT DATE keys alone, as UIDs or sequence
     * numbers; null when a key is finer than a millisecond, which {@link SortOrder#byDate} cannot order, so that the
     * entries must be compared instead. One read, no metadata or structure, and no object per message after it.
     */
    private static long[] byDate(CommandContext context, SelectedMailbox view, int[] seqs, SortOrder order,
                                 boolean uid) {
        List<Uid> uids = new ArrayList<>(seqs.length);
        for (int seq : seqs) {
            uids.add(new Uid(view.uidAt(seq)));
        }
        List<SortDate> keys = context.store().messages().sortDates(view.mailbox().id(), uids);
        long[] millis = new long[keys.size()];
        long[] numbers = new long[keys.size()];
        int k = 0;
        for (int i = 0; i < millis.length; i++) {
            SortDate d = keys.get(i);
            // Both ascend by UID, and the store leaves out only messages it no longer has.
            long messageUid = d.uid().value();
            while (view.uidAt(seqs[k]) < messageUid) {
                k++;
            }
            numbers[i] = uid ? messageUid : seqs[k];
            if (!SortOrder.inMillis(d.date())) {
                return null;
            }
            millis[i] = d.date().toEpochMilli();
        }
        return SortOrder.byDate(millis, numbers, order.reverse());
    }

    /** Each message's sort values, read in batches of {@link #BATCH}: the general case. */
    private static List<SortOrder.Entry> entries(CommandContext context, SelectedMailbox view, int[] seqs,
                                                 SortOrder order) {
        List<SortOrder.Entry> sorted = new ArrayList<>(seqs.length);
        if (order.onlyByDate()) {
            // The stored SORT DATE keys are all it takes, and small: one read, no metadata or structure.
            List<Uid> uids = new ArrayList<>(seqs.length);
            for (int seq : seqs) {
                uids.add(new Uid(view.uidAt(seq)));
            }
            for (SortDate d : context.store().messages().sortDates(view.mailbox().id(), uids)) {
                if (view.seqOf(d.uid().value()) > 0) {
                    sorted.add(order.entry(d));
                }
            }
            return sorted;
        }
        for (int start = 0; start < seqs.length; start += BATCH) {
            List<Uid> uids = new ArrayList<>();
            for (int i = start; i < Math.min(seqs.length, start + BATCH); i++) {
                uids.add(new Uid(view.uidAt(seqs[i])));
            }
            for (MessageRecord r : context.store().messages().fetch(view.mailbox().id(), uids, true)) {
                if (view.seqOf(r.uid().value()) > 0) {
                    sorted.add(order.entry(context, r));
                }
            }
        }
        return sorted;
    }

    /**
     * RFC 5267 §3: the ESEARCH answer of a SORT with RETURN: MIN and MAX are the first and last in sort order,
     * ALL (also for RETURN ()) lists the result in sort order, ranges only where it ascends one by one.
     */
    private static ResponseWriter esort(SortCommand command, long[] results) {
        Set<SearchReturnOption> options = command.returnOptions();
        ResponseWriter w = new ResponseWriter().raw("* ESEARCH (TAG ").string(command.tag()).raw(")");
        if (command.uid()) {
            w.raw(" UID");
        }
        if (results.length > 0) {
            if (options.contains(SearchReturnOption.MIN)) {
                w.raw(" MIN ").number(results[0]);
            }
            if (options.contains(SearchReturnOption.MAX)) {
                w.raw(" MAX ").number(results[results.length - 1]);
            }
        }
        if (options.contains(SearchReturnOption.COUNT)) {
            w.raw(" COUNT ").number(results.length);
        }
        if (command.partial() != null) {
            long[] range = command.partial().indexes(results.length);
            w.raw(" PARTIAL (").raw(command.partial().toString()).space();
            if (range[0] == range[1]) {
                w.raw("NIL");
            } else {
                MessageSet.write(w, results, (int) range[0], (int) range[1]);
            }
            w.raw(")");
        } else if ((options.stream().noneMatch(SearchReturnOption::returnsData)
                || options.contains(SearchReturnOption.ALL)) && results.length > 0) {
            MessageSet.write(w.raw(" ALL "), results, 0, results.length);
        }
        return w.crlf();
    }

    /** A sequence set in the given order: {@code a:b} only for runs that ascend one by one. */
    static String inOrder(List<Long> numbers) {
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
}
