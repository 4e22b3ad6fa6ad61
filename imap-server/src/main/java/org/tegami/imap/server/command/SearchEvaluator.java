package org.tegami.imap.server.command;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.tegami.imap.protocol.SearchKey;
import org.tegami.imap.protocol.SequenceSet;
import org.tegami.imap.server.CommandContext;
import org.tegami.imap.server.ObjectIds;
import org.tegami.imap.server.SelectedMailbox;
import org.tegami.message.HeaderField;
import org.tegami.store.Flags;
import org.tegami.store.MessageRecord;
import org.tegami.store.MessageText;
import org.tegami.store.TextPart;
import org.tegami.store.Uid;

/**
 * Evaluates SEARCH criteria (RFC 9051 §6.4.4) over the selected mailbox. Flags come from the session's
 * view; dates and sizes from the stored metadata (read only when a key needs them); text from the
 * decoded text stored on arrival (read only when a key needs it), of only the messages the store's text
 * index names as candidates when it can. String matching is a case-insensitive substring match, as the RFC
 * asks.
 */
final class SearchEvaluator {

    private static final int BATCH = 512;

    private final CommandContext context;
    private final String tag;
    private final SelectedMailbox view;
    private final Instant now;
    private final ZoneId zone = ZoneId.systemDefault();
    private Map<Long, MessageRecord> records;
    private final Map<String, Map<Flags, Boolean>> flagAnswers = new HashMap<>();
    /** The last flag question answered, for {@link #hasFlag}. */
    private Flags lastFlags;
    private String lastFlag;
    private boolean lastAnswer;

    SearchEvaluator(CommandContext context, SelectedMailbox view, Instant now) {
        this(context, view, now, null);
    }

    /** An evaluator that reports progress for the command with this tag (RFC 9585). */
    SearchEvaluator(CommandContext context, SelectedMailbox view, Instant now, String tag) {
        this.tag = tag;
        this.context = context;
        this.view = view;
        this.now = now;
    }

    /** Sequence numbers of matching messages, ascending. */
    int[] matching(SearchKey key) {
        if (key instanceof SearchKey.All) {
            // Every message (SORT ... ALL over a big mailbox): nothing to evaluate.
            int[] all = new int[view.size()];
            for (int i = 0; i < all.length; i++) {
                all[i] = i + 1;
            }
            return all;
        }
        BitSet candidates = candidates(key);
        if (needsRecords(key)) {
            loadRecords(needsStructure(key), candidates);
        }
        BitSet result = new BitSet();
        for (int seq = 1; seq <= view.size(); seq++) {
            if (tag != null && seq % BATCH == 0) {
                // RFC 9585: a search through many messages says how far it has got.
                context.progress(tag, seq, view.size());
            }
            if (candidates != null && !candidates.get(seq)) {
                continue;
            }
            if (matches(key, seq, new LazyText())) {
                result.set(seq);
            }
        }
        return result.stream().toArray();
    }

    /**
     * Those of the given sequence numbers (ascending) whose messages match, ascending: only these messages are read,
     * as keeping a result up to date needs (RFC 5267 §4.3).
     */
    int[] matching(SearchKey key, int[] seqs) {
        if (needsRecords(key)) {
            loadRecords(seqs, needsStructure(key));
        }
        BitSet result = new BitSet();
        for (int seq : seqs) {
            if (matches(key, seq, new LazyText())) {
                result.set(seq);
            }
        }
        return result.stream().toArray();
    }

    private final class LazyText {
        private MessageText text;

        MessageText get(int seq) {
            if (text == null) {
                MessageRecord record = records.get(view.uidAt(seq));
                text = record == null ? new MessageText(List.of(), "") : context.store().messages().text(record.content());
            }
            return text;
        }
    }

    private boolean matches(SearchKey key, int seq, LazyText text) {
        return switch (key) {
            case SearchKey.All a -> true;
            case SearchKey.Flag f -> hasFlag(seq, f.flag()) == f.present();
            case SearchKey.Recent r -> view.recent().contains(view.uidAt(seq));
            case SearchKey.Header h -> header(text.get(seq), h.field(), h.value());
            case SearchKey.Body b -> contains(text.get(seq).bodyText(), b.value());
            case SearchKey.Text t -> contains(text.get(seq).bodyText(), t.value()) || anyHeader(text.get(seq), t.value());
            case SearchKey.InternalDate d -> record(seq) != null
                    && compare(record(seq).internalDate().atZone(zone).toLocalDate(), d.comparison(), d.date());
            case SearchKey.SentDate d -> record(seq) != null && record(seq).structure() != null
                    && record(seq).structure().sentDate() != null
                    && compare(record(seq).structure().sentDate().toLocalDate(), d.comparison(), d.date());
            // RFC 8514 §4.2: a message whose save date is not known is judged by its INTERNALDATE.
            case SearchKey.SavedDate d -> record(seq) != null && compare((record(seq).savedDate() != null
                    ? record(seq).savedDate() : record(seq).internalDate()).atZone(zone).toLocalDate(),
                    d.comparison(), d.date());
            case SearchKey.EmailId e -> record(seq) != null && ObjectIds.emailId(record(seq).content()).equals(e.id());
            case SearchKey.ThreadId t -> record(seq) != null
                    && t.id().equals(ObjectIds.threadId(context.store().messages().text(record(seq).content())));
            // Every mailbox here keeps save dates.
            case SearchKey.SaveDateSupported s -> true;
            case SearchKey.Size s -> record(seq) != null
                    && (s.larger() ? record(seq).size() > s.octets() : record(seq).size() < s.octets());
            case SearchKey.Within w -> record(seq) != null && (w.older()
                    ? !record(seq).internalDate().isAfter(now.minusSeconds(w.seconds()))
                    : record(seq).internalDate().isAfter(now.minusSeconds(w.seconds())));
            // RFC 7162 §3.1.5: MODSEQ matches messages whose MODSEQ is at least the value.
            case SearchKey.ModSeq m -> record(seq) != null && record(seq).modSeq().value() >= m.modSeq();
            case SearchKey.SequenceNumbers s -> inSet(s.set(), seq, false);
            case SearchKey.Uids u -> inSet(u.set(), seq, true);
            case SearchKey.Not n -> !matches(n.key(), seq, text);
            case SearchKey.Or o -> matches(o.left(), seq, text) || matches(o.right(), seq, text);
            case SearchKey.And and -> {
                for (SearchKey k : and.keys()) {
                    if (!matches(k, seq, text)) {
                        yield false;
                    }
                }
                yield true;
            }
        };
    }

    /**
     * Whether the message has the flag, answered once per distinct flag set: the view shares one instance
     * among the messages with equal flags, so UNSEEN over a big mailbox asks a few sets, not every message.
     */
    private boolean hasFlag(int seq, String flag) {
        Flags flags = view.flagsAt(seq);
        if (flags == lastFlags && flag.equals(lastFlag)) {
            // Neighbours mostly share one set: UNSEEN over a big mailbox looks nothing up for most messages.
            return lastAnswer;
        }
        Map<Flags, Boolean> answers = flagAnswers.computeIfAbsent(flag, f -> new IdentityHashMap<>());
        Boolean has = answers.get(flags);
        if (has == null) {
            has = flags.contains(Flags.canonical(flag));
            answers.put(flags, has);
        }
        lastFlags = flags;
        lastFlag = flag;
        lastAnswer = has;
        return has;
    }

    private MessageRecord record(int seq) {
        return records.get(view.uidAt(seq));
    }

    private boolean inSet(SequenceSet set, int seq, boolean uid) {
        if (set.saved()) {
            return view.savedSearch().contains(view.uidAt(seq));
        }
        long value = uid ? view.uidAt(seq) : seq;
        long largest = uid ? view.lastUid() : view.size();
        for (SequenceSet.Range range : set.ranges()) {
            long a = range.start() == SequenceSet.STAR ? largest : range.start();
            long b = range.end() == SequenceSet.STAR ? largest : range.end();
            if (value >= Math.min(a, b) && value <= Math.max(a, b)) {
                return true;
            }
        }
        return false;
    }

    private static boolean compare(LocalDate actual, SearchKey.DateComparison comparison, LocalDate date) {
        return switch (comparison) {
            case BEFORE -> actual.isBefore(date);
            case ON -> actual.isEqual(date);
            case SINCE -> !actual.isBefore(date);
        };
    }

    private static boolean header(MessageText text, String field, String value) {
        for (HeaderField h : text.headers()) {
            if (h.name().equalsIgnoreCase(field) && (value.isEmpty() || contains(h.value(), value))) {
                return true;
            }
        }
        return false;
    }

    private static boolean anyHeader(MessageText text, String value) {
        for (HeaderField h : text.headers()) {
            if (contains(h.value(), value) || contains(h.name(), value)) {
                return true;
            }
        }
        return false;
    }

    static boolean contains(String haystack, String needle) {
        if (needle.isEmpty()) {
            return true;
        }
        if (haystack == null) {
            return false;
        }
        return haystack.toLowerCase(Locale.ROOT).contains(needle.toLowerCase(Locale.ROOT));
    }

    /** Reads the stored metadata of the messages at these sequence numbers (ascending). */
    private void loadRecords(int[] seqs, boolean withStructure) {
        records = new HashMap<>();
        List<Uid> batch = new ArrayList<>(BATCH);
        for (int i = 0; i < seqs.length; i++) {
            batch.add(new Uid(view.uidAt(seqs[i])));
            if (batch.size() == BATCH || i == seqs.length - 1) {
                for (MessageRecord r : context.store().messages().fetch(view.mailbox().id(), batch, withStructure)) {
                    records.put(r.uid().value(), r);
                }
                batch.clear();
            }
        }
    }

    /**
     * The sequence numbers of the only messages that can match, when the store's text index narrows the search
     * (SEARCH BODY, HEADER, TEXT with a needle it can look up); null when every message must be checked. A
     * superset: each message it holds is still checked by {@link #matches}, so the answer is the same either way.
     */
    private BitSet candidates(SearchKey key) {
        return switch (key) {
            case SearchKey.Body b -> indexed(b.value(), TextPart.BODY);
            case SearchKey.Text t -> indexed(t.value(), TextPart.ANY);
            // An empty value matches every message with the field, which no index of text narrows.
            case SearchKey.Header h -> h.value().isEmpty() ? null : indexed(h.value(), TextPart.HEADERS);
            // A message matching every key is among the candidates of each key that has them.
            case SearchKey.And a -> {
                BitSet result = null;
                for (SearchKey k : a.keys()) {
                    BitSet c = candidates(k);
                    if (c != null) {
                        if (result == null) {
                            result = c;
                        } else {
                            result.and(c);
                        }
                    }
                }
                yield result;
            }
            case SearchKey.Or o -> {
                BitSet left = candidates(o.left());
                BitSet right = left == null ? null : candidates(o.right());
                if (right == null) {
                    yield null;
                }
                left.or(right);
                yield left;
            }
            default -> null;
        };
    }

    private BitSet indexed(String needle, TextPart part) {
        Optional<List<Uid>> uids = context.store().messages().textCandidates(view.mailbox().id(), needle, part);
        if (uids.isEmpty()) {
            return null;
        }
        BitSet seqs = new BitSet(view.size() + 1);
        for (Uid uid : uids.get()) {
            int seq = view.seqOf(uid.value());
            if (seq > 0) {
                seqs.set(seq);
            }
        }
        return seqs;
    }

    /** Reads the stored metadata of the messages at the candidates' sequence numbers, or of all when null. */
    private void loadRecords(boolean withStructure, BitSet candidates) {
        records = new HashMap<>();
        List<Uid> batch = new ArrayList<>(BATCH);
        for (int seq = 1; seq <= view.size(); seq++) {
            if (candidates == null || candidates.get(seq)) {
                batch.add(new Uid(view.uidAt(seq)));
            }
            if (!batch.isEmpty() && (batch.size() == BATCH || seq == view.size())) {
                for (MessageRecord r : context.store().messages().fetch(view.mailbox().id(), batch, withStructure)) {
                    records.put(r.uid().value(), r);
                }
                batch.clear();
            }
        }
    }

    private static boolean needsRecords(SearchKey key) {
        return switch (key) {
            case SearchKey.Header h -> true;
            case SearchKey.Body b -> true;
            case SearchKey.Text t -> true;
            case SearchKey.InternalDate d -> true;
            case SearchKey.SentDate d -> true;
            case SearchKey.Size s -> true;
            case SearchKey.Within w -> true;
            case SearchKey.ModSeq m -> true;
            case SearchKey.SavedDate d -> true;
            case SearchKey.EmailId e -> true;
            case SearchKey.ThreadId t -> true;
            case SearchKey.Not n -> needsRecords(n.key());
            case SearchKey.Or o -> needsRecords(o.left()) || needsRecords(o.right());
            case SearchKey.And a -> a.keys().stream().anyMatch(SearchEvaluator::needsRecords);
            default -> false;
        };
    }

    /** Whether the criteria use MODSEQ, so the answer must name the highest MODSEQ found (RFC 7162 §3.1.6). */
    static boolean usesModSeq(SearchKey key) {
        return switch (key) {
            case SearchKey.ModSeq m -> true;
            case SearchKey.Not n -> usesModSeq(n.key());
            case SearchKey.Or o -> usesModSeq(o.left()) || usesModSeq(o.right());
            case SearchKey.And a -> a.keys().stream().anyMatch(SearchEvaluator::usesModSeq);
            default -> false;
        };
    }

    /** The highest MODSEQ among the given messages; only after {@link #matching} with MODSEQ criteria. */
    long highestModSeq(int[] seqs) {
        long highest = 0;
        for (int seq : seqs) {
            MessageRecord r = record(seq);
            if (r != null) {
                highest = Math.max(highest, r.modSeq().value());
            }
        }
        return highest;
    }

    private static boolean needsStructure(SearchKey key) {
        return switch (key) {
            case SearchKey.SentDate d -> true;
            case SearchKey.Not n -> needsStructure(n.key());
            case SearchKey.Or o -> needsStructure(o.left()) || needsStructure(o.right());
            case SearchKey.And a -> a.keys().stream().anyMatch(SearchEvaluator::needsStructure);
            default -> false;
        };
    }
}
