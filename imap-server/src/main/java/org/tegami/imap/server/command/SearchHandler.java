package org.tegami.imap.server.command;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.tegami.imap.protocol.PartialRange;
import org.tegami.imap.protocol.ResponseWriter;
import org.tegami.imap.protocol.SearchCommand;
import org.tegami.imap.protocol.SearchReturnOption;
import org.tegami.imap.server.CommandContext;
import org.tegami.imap.server.CommandHandler;
import org.tegami.imap.server.Outcome;
import org.tegami.imap.server.SelectedMailbox;

/**
 * SEARCH and UID SEARCH (RFC 9051 §6.4.4): answers with ESEARCH (RFC 4731) for IMAP4rev2 clients or when
 * RETURN is given, with the IMAP4rev1 SEARCH response otherwise; SAVE keeps the result for {@code $} (RFC 5182).
 */
public final class SearchHandler implements CommandHandler<SearchCommand> {

    private static final Set<String> CHARSETS = Set.of("UTF-8", "US-ASCII");

    @Override
    public Outcome handle(SearchCommand command, CommandContext context) {
        if (command.charset() != null && !CHARSETS.contains(command.charset().toUpperCase(java.util.Locale.ROOT))) {
            return Outcome.no("BADCHARSET (UTF-8 US-ASCII)", "Unsupported charset");
        }
        SelectedMailbox view = context.selected();
        if (command.update() && view.searchContexts().inUse(command.tag())) {
            // RFC 5267 §4.3: UPDATE with the tag of a context still kept is refused.
            return Outcome.bad("Tag reuse: an update context already has this tag");
        }
        SearchEvaluator evaluator = new SearchEvaluator(context, view, Instant.now(), command.tag());
        int[] seqs = evaluator.matching(command.key());
        boolean modSeqCriteria = SearchEvaluator.usesModSeq(command.key());
        if (modSeqCriteria) {
            // RFC 7162 §3.1: SEARCH MODSEQ is a CONDSTORE enabling command.
            context.enableCondstore();
        }
        // RFC 7162 §3.1.6 and §3.1.10: with MODSEQ criteria a non-empty answer names the highest MODSEQ found.
        long highestModSeq = modSeqCriteria ? evaluator.highestModSeq(seqs) : 0;
        // Primitive end to end: a search of a big mailbox may match every message.
        long[] results = new long[seqs.length];
        for (int i = 0; i < seqs.length; i++) {
            results[i] = command.uid() ? view.uidAt(seqs[i]) : seqs[i];
        }
        Set<SearchReturnOption> options = command.returnOptions();
        boolean esearch = command.returnSpecified() || context.imap4rev2();
        PartialRange partial = command.partial();
        if (options.contains(SearchReturnOption.SAVE)) {
            save(view, seqs, options);
        }
        String refusal = command.update() ? SearchContexts.refusal(command.key(), view.searchContexts().size(),
                context.settings().maxUpdateContexts()) : null;
        if (refusal != null) {
            // RFC 5267 §4.3.1: an untagged NO [NOUPDATE "tag"]; the other return options are still honoured.
            context.send(context.response().raw("* NO [NOUPDATE ").string(command.tag()).raw("] ").raw(refusal)
                    .crlf());
        }
        // RFC 5267 §4.2, §4.3: CONTEXT and UPDATE ask for no data; with only them (or nothing) the answer is ALL.
        boolean dataOptions = options.stream().anyMatch(SearchReturnOption::returnsData);
        if (!esearch) {
            ResponseWriter w = context.response().raw("* SEARCH");
            for (long n : results) {
                // RFC 9051 §7.3.5 (IMAP4rev1 mailbox-data): SEARCH lists each number; no ranges here.
                w.space().number(n);
            }
            if (highestModSeq > 0) {
                w.raw(" (MODSEQ ").number(highestModSeq).raw(")");
            }
            context.send(w.crlf());
        } else if (partial != null || dataOptions || !options.contains(SearchReturnOption.SAVE)) {
            // RFC 5182 §2.1: SAVE alone returns nothing; RFC 4731 §3.1: RETURN () means ALL.
            boolean all = !dataOptions || options.contains(SearchReturnOption.ALL);
            ResponseWriter w = context.response().raw("* ESEARCH (TAG ").string(command.tag()).raw(")");
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
            if (partial != null) {
                // RFC 9394 §3.1: the results at the asked positions, NIL when there are none there.
                long[] range = partial.indexes(results.length);
                w.raw(" PARTIAL (").raw(partial.toString()).space();
                if (range[0] == range[1]) {
                    w.raw("NIL");
                } else {
                    MessageSet.write(w, results, (int) range[0], (int) range[1]);
                }
                w.raw(")");
                all = false;
            }
            if (all && results.length > 0) {
                // RFC 4731 §3.1: ALL is a sequence-set, so runs of consecutive numbers go as ranges.
                MessageSet.write(w.raw(" ALL "), results, 0, results.length);
            }
            if (highestModSeq > 0) {
                w.raw(" MODSEQ ").number(highestModSeq);
            }
            context.send(w.crlf());
        }
        if (command.update() && refusal == null) {
            List<SortOrder.Entry> result = new ArrayList<>(seqs.length);
            SortOrder order = SortOrder.mailboxOrder();
            for (int seq : seqs) {
                result.add(order.entry(view.uidAt(seq)));
            }
            view.searchContexts().start(command.tag(), command.uid(), command.key(), order, result);
        }
        return Outcome.ok(command.uid() ? "UID SEARCH completed" : "SEARCH completed");
    }

    /** RFC 5182 §2.4: with MIN or MAX, only those are saved; otherwise the whole result. */
    private static void save(SelectedMailbox view, int[] seqs, Set<SearchReturnOption> options) {
        List<Long> uids = new ArrayList<>();
        boolean min = options.contains(SearchReturnOption.MIN);
        boolean max = options.contains(SearchReturnOption.MAX);
        if ((min || max) && !options.contains(SearchReturnOption.ALL) && !options.contains(SearchReturnOption.COUNT)) {
            if (seqs.length > 0) {
                if (min) {
                    uids.add(view.uidAt(seqs[0]));
                }
                if (max && (!min || seqs.length > 1)) {
                    uids.add(view.uidAt(seqs[seqs.length - 1]));
                }
            }
        } else {
            for (int seq : seqs) {
                uids.add(view.uidAt(seq));
            }
        }
        view.setSavedSearch(uids);
    }
}
