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
        List<SortOrder.Entry> sorted = new ArrayList<>(seqs.length);
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
        sorted.sort(order);
        List<Long> results = new ArrayList<>(sorted.size());
        for (SortOrder.Entry e : sorted) {
            results.add(command.uid() ? e.uid() : (long) view.seqOf(e.uid()));
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
        } else if ((options.stream().noneMatch(SearchReturnOption::returnsData)
                || options.contains(SearchReturnOption.ALL)) && !results.isEmpty()) {
            w.raw(" ALL ").raw(inOrder(results));
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
