package org.tegami.imap.server.command;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.tegami.imap.protocol.ResponseWriter;
import org.tegami.imap.protocol.SearchKey;
import org.tegami.imap.protocol.SequenceSet;
import org.tegami.imap.server.CommandContext;
import org.tegami.imap.server.SelectedMailbox;
import org.tegami.store.MessageRecord;
import org.tegami.store.Uid;

/**
 * The update contexts of the selected mailbox (RFC 5267 §4.3): the results of SEARCH and SORT commands sent with
 * RETURN (UPDATE), kept up to date as messages arrive, change flags or are expunged, and reported to the client as
 * unsolicited {@code ESEARCH (TAG "t") ADDTO (...)} and {@code REMOVEFROM (...)}. It belongs to the session's view
 * of one selected mailbox, so the contexts end with the selection (RFC 5267 §4.3: "Updates will cease when the
 * mailbox is no longer selected"). Only the messages that changed are evaluated against a context's criteria.
 * Confined to the session's thread.
 */
public final class SearchContexts {

    /** One kept result: the searching command's tag, criteria and order, and its result in that order. */
    private static final class Context {
        final String tag;
        final boolean uid;
        final SearchKey key;
        final SortOrder order;
        final List<SortOrder.Entry> members;
        final Map<Long, SortOrder.Entry> byUid = new HashMap<>();

        Context(String tag, boolean uid, SearchKey key, SortOrder order, List<SortOrder.Entry> sortedResult) {
            this.tag = tag;
            this.uid = uid;
            this.key = key;
            this.order = order;
            this.members = new ArrayList<>(sortedResult);
            for (SortOrder.Entry e : sortedResult) {
                byUid.put(e.uid(), e);
            }
        }

        /** A SORT context reports positions in sort order; a SEARCH context position 0 (RFC 5267 §4.3.3). */
        boolean sorted() {
            return order.needsRecords();
        }
    }

    private final Map<String, Context> contexts = new LinkedHashMap<>();

    /** How many contexts are kept now. */
    public int size() {
        return contexts.size();
    }

    /** Whether a context was created by the command with this tag (RFC 5267 §4.3: such a tag is not reused). */
    public boolean inUse(String tag) {
        return contexts.containsKey(tag);
    }

    /** Stops the updates of a context (RFC 5267 §4.3.5); false when no context has this tag. */
    public boolean cancel(String tag) {
        return contexts.remove(tag) != null;
    }

    /**
     * Why the server will not keep a context for these criteria, or {@code null} when it will. RFC 5267 §4.3.1 lets
     * a server refuse; this one refuses past its limit, and for criteria whose result changes without any message
     * changing: message sequence numbers (an expunge renumbers messages that did not change), {@code $} (a later
     * SAVE replaces it), {@code *} in a UID set (it moves with every new message), and OLDER/YOUNGER (time passes).
     */
    static String refusal(SearchKey key, int current, int limit) {
        if (current >= limit) {
            return "Too many update contexts (at most " + limit + " per session)";
        }
        if (!stable(key)) {
            return "No updates for criteria with message numbers, $, * or OLDER/YOUNGER";
        }
        return null;
    }

    private static boolean stable(SearchKey key) {
        return switch (key) {
            case SearchKey.SequenceNumbers s -> false;
            case SearchKey.Within w -> false;
            case SearchKey.Uids u -> !u.set().saved() && u.set().ranges().stream()
                    .noneMatch(r -> r.start() == SequenceSet.STAR || r.end() == SequenceSet.STAR);
            case SearchKey.Not n -> stable(n.key());
            case SearchKey.Or o -> stable(o.left()) && stable(o.right());
            case SearchKey.And a -> a.keys().stream().allMatch(SearchContexts::stable);
            default -> true;
        };
    }

    /** Keeps the result of a searching command, given in its order, up to date from now on. */
    void start(String tag, boolean uid, SearchKey key, SortOrder order, List<SortOrder.Entry> sortedResult) {
        contexts.put(tag, new Context(tag, uid, key, order, sortedResult));
    }

    /**
     * Messages of the view arrived or changed: each context evaluates just these against its criteria and reports
     * the ones that entered or left its result. Called after the EXISTS that announced new messages, so that the
     * message numbers of an ADDTO are valid (RFC 5267 §4.3.3).
     */
    public void changed(CommandContext context, Collection<Long> uids) {
        if (contexts.isEmpty() || uids.isEmpty()) {
            return;
        }
        SelectedMailbox view = context.selected();
        int[] seqs = uids.stream().mapToInt(view::seqOf)
                .filter(seq -> seq > 0 && !view.isExpungedPending(view.uidAt(seq))).distinct().sorted().toArray();
        if (seqs.length == 0) {
            return;
        }
        Instant now = Instant.now();
        for (Context c : contexts.values()) {
            java.util.BitSet matching = new java.util.BitSet();
            for (int seq : new SearchEvaluator(context, view, now).matching(c.key, seqs)) {
                matching.set(seq);
            }
            List<Long> leaving = new ArrayList<>();
            List<Long> entering = new ArrayList<>();
            for (int seq : seqs) {
                long uid = view.uidAt(seq);
                boolean member = c.byUid.containsKey(uid);
                if (member && !matching.get(seq)) {
                    leaving.add(uid);
                } else if (!member && matching.get(seq)) {
                    entering.add(uid);
                }
            }
            if (leaving.isEmpty() && entering.isEmpty()) {
                continue;
            }
            ResponseWriter w = header(context, c);
            // RFC 5267 §4.3.2: the client applies the items in order; removals first keep ADDTO positions simple.
            if (!leaving.isEmpty()) {
                w.raw(" REMOVEFROM (").raw(remove(c, leaving, view)).raw(")");
            }
            String added = entering.isEmpty() ? "" : add(context, c, entering, view);
            if (!added.isEmpty()) {
                w.raw(" ADDTO (").raw(added).raw(")");
            }
            if (!leaving.isEmpty() || !added.isEmpty()) {
                context.send(w.crlf());
            }
        }
    }

    /**
     * Messages are about to be reported expunged: each context reports those of its result with a REMOVEFROM, before
     * the EXPUNGE (or VANISHED) itself, while their message numbers are still valid (RFC 5267 §4.3.4).
     */
    public void expunging(CommandContext context, Set<Long> uids) {
        if (contexts.isEmpty()) {
            return;
        }
        SelectedMailbox view = context.selected();
        for (Context c : contexts.values()) {
            List<Long> leaving = new ArrayList<>();
            for (long uid : uids) {
                if (c.byUid.containsKey(uid) && view.seqOf(uid) > 0) {
                    leaving.add(uid);
                }
            }
            if (!leaving.isEmpty()) {
                context.send(header(context, c).raw(" REMOVEFROM (").raw(remove(c, leaving, view)).raw(")").crlf());
            }
        }
    }

    private static ResponseWriter header(CommandContext context, Context c) {
        ResponseWriter w = context.response().raw("* ESEARCH (TAG ").string(c.tag).raw(")");
        return c.uid ? w.raw(" UID") : w;
    }

    /** RFC 5267 §4.3.2: UIDs for UID SEARCH and UID SORT, message numbers otherwise. */
    private static long number(Context c, SelectedMailbox view, long uid) {
        return c.uid ? uid : view.seqOf(uid);
    }

    /**
     * Takes the messages out of the context's result and returns the REMOVEFROM payload. RFC 5267 §4.3.4: for SEARCH
     * position 0 and the numbers in mailbox order; for SORT each run of neighbours at its position, counted after
     * the runs before it were removed.
     */
    private static String remove(Context c, List<Long> uids, SelectedMailbox view) {
        if (!c.sorted()) {
            List<Long> numbers = new ArrayList<>();
            for (long uid : uids.stream().sorted().toList()) {
                numbers.add(number(c, view, uid));
                c.members.remove(Collections.binarySearch(c.members, c.byUid.remove(uid), c.order));
            }
            return "0 " + SortHandler.inOrder(numbers.stream().sorted().toList());
        }
        List<Integer> indexes = new ArrayList<>();
        for (long uid : uids) {
            indexes.add(Collections.binarySearch(c.members, c.byUid.get(uid), c.order));
        }
        indexes.sort(null);
        StringBuilder payload = new StringBuilder();
        int removedBefore = 0;
        int i = 0;
        while (i < indexes.size()) {
            int start = indexes.get(i);
            List<Long> run = new ArrayList<>();
            run.add(number(c, view, c.members.get(start).uid()));
            while (i + 1 < indexes.size() && indexes.get(i + 1) == start + run.size()) {
                i++;
                run.add(number(c, view, c.members.get(indexes.get(i)).uid()));
            }
            payload.append(payload.isEmpty() ? "" : " ").append(start + 1 - removedBefore).append(' ')
                    .append(SortHandler.inOrder(run));
            removedBefore += run.size();
            i++;
        }
        for (int k = indexes.size() - 1; k >= 0; k--) {
            c.byUid.remove(c.members.remove((int) indexes.get(k)).uid());
        }
        return payload.toString();
    }

    /**
     * Puts the messages into the context's result and returns the ADDTO payload, empty when none could be placed
     * (gone from the store meanwhile). RFC 5267 §4.3.3: for SEARCH position 0 and the numbers in mailbox order, the
     * preferred form; for SORT each run at the position its first message takes, placed in sort order so that no
     * later insertion moves an earlier one.
     */
    private static String add(CommandContext context, Context c, List<Long> uids, SelectedMailbox view) {
        List<SortOrder.Entry> entries = new ArrayList<>();
        if (c.sorted()) {
            List<Uid> wanted = uids.stream().map(Uid::new).toList();
            for (MessageRecord r : context.store().messages().fetch(view.mailbox().id(), wanted, true)) {
                entries.add(c.order.entry(context, r));
            }
        } else {
            for (long uid : uids) {
                entries.add(c.order.entry(uid));
            }
        }
        entries.sort(c.order);
        StringBuilder payload = new StringBuilder();
        List<Long> run = new ArrayList<>();
        int runStart = 0;
        for (SortOrder.Entry e : entries) {
            int index = -Collections.binarySearch(c.members, e, c.order) - 1;
            c.members.add(index, e);
            c.byUid.put(e.uid(), e);
            if (!c.sorted()) {
                continue;
            }
            if (!run.isEmpty() && index == runStart + run.size()) {
                run.add(number(c, view, e.uid()));
                continue;
            }
            appendRun(payload, runStart, run);
            run = new ArrayList<>(List.of(number(c, view, e.uid())));
            runStart = index;
        }
        if (!c.sorted()) {
            List<Long> numbers = entries.stream().map(e -> number(c, view, e.uid())).sorted().toList();
            return numbers.isEmpty() ? "" : "0 " + SortHandler.inOrder(numbers);
        }
        appendRun(payload, runStart, run);
        return payload.toString();
    }

    private static void appendRun(StringBuilder payload, int index, List<Long> run) {
        if (!run.isEmpty()) {
            payload.append(payload.isEmpty() ? "" : " ").append(index + 1).append(' ').append(SortHandler.inOrder(run));
        }
    }
}
