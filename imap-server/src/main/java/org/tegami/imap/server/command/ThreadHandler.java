package org.tegami.imap.server.command;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.tegami.imap.protocol.ResponseWriter;
import org.tegami.imap.protocol.ThreadCommand;
import org.tegami.imap.server.CommandContext;
import org.tegami.imap.server.CommandHandler;
import org.tegami.imap.server.Outcome;
import org.tegami.imap.server.SelectedMailbox;
import org.tegami.message.BaseSubject;
import org.tegami.message.HeaderField;
import org.tegami.store.MessageRecord;
import org.tegami.store.Uid;

/**
 * THREAD and UID THREAD (RFC 5256 §3) with ORDEREDSUBJECT (RFC 5256 §4): the messages SEARCH would find,
 * grouped by base subject; within a thread the first by sent date is the parent of the others, which follow
 * by sent date; threads are ordered by the sent date of their first message. The sent date is INTERNALDATE
 * when the Date header is missing or invalid; ties go by sequence number.
 */
public final class ThreadHandler implements CommandHandler<ThreadCommand> {

    private static final Set<String> CHARSETS = Set.of("UTF-8", "US-ASCII");
    private static final int BATCH = 256;

    @Override
    public Outcome handle(ThreadCommand command, CommandContext context) {
        if (!command.algorithm().equalsIgnoreCase("ORDEREDSUBJECT")) {
            return Outcome.bad("Unsupported threading algorithm");
        }
        if (!CHARSETS.contains(command.charset().toUpperCase(Locale.ROOT))) {
            return Outcome.no("BADCHARSET (UTF-8 US-ASCII)", "Unsupported charset");
        }
        SelectedMailbox view = context.selected();
        int[] seqs = new SearchEvaluator(context, view, Instant.now(), command.tag()).matching(command.key());
        Map<Integer, Instant> dates = new HashMap<>();
        Map<Integer, String> subjects = new HashMap<>();
        for (int start = 0; start < seqs.length; start += BATCH) {
            List<Uid> uids = new ArrayList<>();
            for (int i = start; i < Math.min(seqs.length, start + BATCH); i++) {
                uids.add(new Uid(view.uidAt(seqs[i])));
            }
            for (MessageRecord r : context.store().messages().fetch(view.mailbox().id(), uids, true)) {
                int seq = view.seqOf(r.uid().value());
                if (seq > 0) {
                    dates.put(seq, r.structure().sentDate() != null ? r.structure().sentDate().toInstant()
                            : r.internalDate());
                    subjects.put(seq, BaseSubject.of(subject(context, r)).toUpperCase(Locale.ROOT));
                }
            }
        }
        // RFC 5256 §4 ORDEREDSUBJECT: sort by base subject, then sent date; split where the subject changes.
        Comparator<Integer> bySent = Comparator.comparing((Integer seq) -> dates.get(seq))
                .thenComparing(Comparator.naturalOrder());
        List<Integer> messages = new ArrayList<>(dates.keySet());
        messages.sort(Comparator.comparing((Integer seq) -> subjects.get(seq)).thenComparing(bySent));
        Map<String, List<Integer>> threads = new LinkedHashMap<>();
        for (int seq : messages) {
            threads.computeIfAbsent(subjects.get(seq), s -> new ArrayList<>()).add(seq);
        }
        List<List<Integer>> ordered = new ArrayList<>(threads.values());
        ordered.sort(Comparator.comparing(thread -> thread.getFirst(), bySent));
        // RFC 5256 §5: thread-data = "THREAD" [SP 1*thread-list]: the lists follow each other directly.
        ResponseWriter w = context.response().raw("* THREAD");
        if (!ordered.isEmpty()) {
            w.space();
        }
        for (List<Integer> thread : ordered) {
            w.raw("(").number(number(command, view, thread.getFirst()));
            // RFC 5256 §5: one child follows its parent; several are each a nested list.
            if (thread.size() == 2) {
                w.space().number(number(command, view, thread.get(1)));
            } else if (thread.size() > 2) {
                w.space();
                for (int child : thread.subList(1, thread.size())) {
                    w.raw("(").number(number(command, view, child)).raw(")");
                }
            }
            w.raw(")");
        }
        context.send(w.crlf());
        return Outcome.ok(command.uid() ? "UID THREAD completed" : "THREAD completed");
    }

    private static long number(ThreadCommand command, SelectedMailbox view, int seq) {
        return command.uid() ? view.uidAt(seq) : seq;
    }

    private static String subject(CommandContext context, MessageRecord record) {
        for (HeaderField h : context.store().messages().text(record.content()).headers()) {
            if (h.name().equalsIgnoreCase("Subject")) {
                return h.value();
            }
        }
        return "";
    }
}
