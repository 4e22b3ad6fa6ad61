package org.tegami.imap.server.command;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
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
import org.tegami.message.MessageIds;
import org.tegami.store.MessageRecord;
import org.tegami.store.Uid;

/**
 * THREAD and UID THREAD (RFC 5256 §3) over the messages SEARCH would find, with three algorithms:
 * <ul>
 * <li>ORDEREDSUBJECT (RFC 5256 §4): grouped by base subject; within a thread the first by sent date is the
 * parent of the others, which follow by sent date; threads are ordered by the sent date of their first
 * message;</li>
 * <li>REFERENCES (RFC 5256 §4): parent/child links from References and In-Reply-To, threads left apart merged
 * by base subject ({@link ReferencesThreads});</li>
 * <li>REFS (draft-ietf-morg-inthread): the same links without the subject merge, threads ordered by their most
 * recent message.</li>
 * </ul>
 * The sent date is INTERNALDATE when the Date header is missing or invalid; ties go by sequence number.
 */
public final class ThreadHandler implements CommandHandler<ThreadCommand> {

    private static final Set<String> CHARSETS = Set.of("UTF-8", "US-ASCII");
    private static final int BATCH = 256;

    @Override
    public Outcome handle(ThreadCommand command, CommandContext context) {
        String algorithm = command.algorithm().toUpperCase(Locale.ROOT);
        if (!Set.of("ORDEREDSUBJECT", "REFERENCES", "REFS").contains(algorithm)) {
            return Outcome.bad("Unsupported threading algorithm");
        }
        if (!CHARSETS.contains(command.charset().toUpperCase(Locale.ROOT))) {
            return Outcome.no("BADCHARSET (UTF-8 US-ASCII)", "Unsupported charset");
        }
        SelectedMailbox view = context.selected();
        int[] seqs = new SearchEvaluator(context, view, Instant.now(), command.tag()).matching(command.key());
        List<ThreadMessage> messages = messages(context, view, seqs);
        List<ThreadNode> threads = switch (algorithm) {
            case "REFERENCES" -> ReferencesThreads.references(messages);
            case "REFS" -> ReferencesThreads.refs(messages);
            default -> orderedSubject(messages);
        };
        // RFC 5256 §5: thread-data = "THREAD" [SP 1*thread-list]: the lists follow each other directly.
        ResponseWriter w = context.response().raw("* THREAD");
        if (!threads.isEmpty()) {
            w.space();
        }
        for (ThreadNode thread : threads) {
            w.raw("(");
            members(w, command, view, thread);
            w.raw(")");
        }
        context.send(w.crlf());
        return Outcome.ok(command.uid() ? "UID THREAD completed" : "THREAD completed");
    }

    /** The searched messages in ascending sequence order, with what threading needs of each. */
    private static List<ThreadMessage> messages(CommandContext context, SelectedMailbox view, int[] seqs) {
        List<ThreadMessage> messages = new ArrayList<>();
        for (int start = 0; start < seqs.length; start += BATCH) {
            List<Uid> uids = new ArrayList<>();
            for (int i = start; i < Math.min(seqs.length, start + BATCH); i++) {
                uids.add(new Uid(view.uidAt(seqs[i])));
            }
            for (MessageRecord r : context.store().messages().fetch(view.mailbox().id(), uids, true)) {
                int seq = view.seqOf(r.uid().value());
                if (seq > 0) {
                    messages.add(message(context, r, seq));
                }
            }
        }
        messages.sort(Comparator.comparingInt(ThreadMessage::seq));
        return messages;
    }

    private static ThreadMessage message(CommandContext context, MessageRecord record, int seq) {
        String subject = "";
        String messageId = null;
        String references = null;
        String inReplyTo = null;
        for (HeaderField h : context.store().messages().text(record.content()).headers()) {
            switch (h.name().toLowerCase(Locale.ROOT)) {
                case "subject" -> subject = subject.isEmpty() ? h.value() : subject;
                case "message-id" -> messageId = messageId == null ? h.value() : messageId;
                case "references" -> references = references == null ? h.value() : references;
                case "in-reply-to" -> inReplyTo = inReplyTo == null ? h.value() : inReplyTo;
                default -> {
                }
            }
        }
        List<String> ids = MessageIds.of(messageId);
        // RFC 5256 §2.2: the sent date is the Date header, or INTERNALDATE without a valid one.
        Instant sent = record.structure().sentDate() != null ? record.structure().sentDate().toInstant()
                : record.internalDate();
        return new ThreadMessage(seq, ids.isEmpty() ? null : ids.getFirst(), MessageIds.of(references),
                MessageIds.of(inReplyTo), sent, BaseSubject.of(subject).toUpperCase(Locale.ROOT),
                BaseSubject.isReplyOrForward(subject));
    }

    /** RFC 5256 §4 ORDEREDSUBJECT: sort by base subject, then sent date; split where the subject changes. */
    private static List<ThreadNode> orderedSubject(List<ThreadMessage> messages) {
        Comparator<ThreadMessage> bySent = Comparator.comparing(ThreadMessage::sent)
                .thenComparingInt(ThreadMessage::seq);
        List<ThreadMessage> sorted = new ArrayList<>(messages);
        sorted.sort(Comparator.comparing(ThreadMessage::baseSubject).thenComparing(bySent));
        Map<String, List<ThreadMessage>> threads = new LinkedHashMap<>();
        for (ThreadMessage m : sorted) {
            threads.computeIfAbsent(m.baseSubject(), s -> new ArrayList<>()).add(m);
        }
        List<List<ThreadMessage>> ordered = new ArrayList<>(threads.values());
        ordered.sort(Comparator.comparing(List::getFirst, bySent));
        List<ThreadNode> nodes = new ArrayList<>();
        for (List<ThreadMessage> thread : ordered) {
            List<ThreadNode> children = new ArrayList<>();
            for (ThreadMessage child : thread.subList(1, thread.size())) {
                children.add(new ThreadNode(child.seq(), List.of()));
            }
            nodes.add(new ThreadNode(thread.getFirst().seq(), children));
        }
        return nodes;
    }

    /**
     * RFC 5256 §5: thread-members = nz-number *(SP nz-number) [SP thread-nested]; thread-nested = 2*thread-list:
     * an only child follows its parent, several children are each a nested list; a dummy is no number, just
     * the nested lists of its children.
     */
    private static void members(ResponseWriter w, ThreadCommand command, SelectedMailbox view, ThreadNode node) {
        List<ThreadNode> children = node.children();
        if (!node.dummy()) {
            w.number(command.uid() ? view.uidAt(node.seq()) : node.seq());
            if (children.size() == 1) {
                w.space();
                members(w, command, view, children.getFirst());
                return;
            }
            if (children.isEmpty()) {
                return;
            }
            w.space();
        }
        for (ThreadNode child : children) {
            w.raw("(");
            members(w, command, view, child);
            w.raw(")");
        }
    }
}
