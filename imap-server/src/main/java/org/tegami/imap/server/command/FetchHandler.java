package org.tegami.imap.server.command;

import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.tegami.imap.protocol.FetchCommand;
import org.tegami.imap.protocol.FetchItem;
import org.tegami.imap.protocol.ResponseWriter;
import org.tegami.imap.server.CommandContext;
import org.tegami.imap.server.CommandHandler;
import org.tegami.imap.server.FlagLists;
import org.tegami.imap.server.ObjectIds;
import org.tegami.imap.server.Outcome;
import org.tegami.imap.server.SelectedMailbox;
import org.tegami.store.FlagUpdate;
import org.tegami.store.Flags;
import org.tegami.store.FlagsUpdated;
import org.tegami.store.MessageRecord;
import org.tegami.store.MessageSummary;
import org.tegami.store.ModSeq;
import org.tegami.store.Uid;

/**
 * FETCH and UID FETCH (RFC 9051 §6.4.5, RFC 3516 BINARY). Messages are read in batches; ENVELOPE and
 * BODYSTRUCTURE come from the structure stored on arrival; body sections are sliced from the stored
 * bytes. Fetching a body section without .PEEK sets \Seen, and the new flags are returned.
 */
public final class FetchHandler implements CommandHandler<FetchCommand> {

    private static final int BATCH = 256;
    static final DateTimeFormatter INTERNAL_DATE =
            DateTimeFormatter.ofPattern("dd-MMM-yyyy HH:mm:ss Z", Locale.ENGLISH);

    @Override
    public Outcome handle(FetchCommand command, CommandContext context) {
        SelectedMailbox view = context.selected();
        MessageSet.Resolved resolved = MessageSet.resolve(command.sequenceSet(), command.uid(), view);
        if (!resolved.valid()) {
            return Outcome.bad(resolved.error());
        }
        List<FetchItem> items = new ArrayList<>(command.items());
        if (command.uid() && !context.uidOnly() && items.stream().noneMatch(i -> i instanceof FetchItem.Uid)) {
            // RFC 9051 §6.4.9: UID FETCH always returns the UID.
            items.addFirst(new FetchItem.Uid());
        }
        boolean changedSince = command.changedSince() != FetchCommand.NO_CHANGEDSINCE;
        if (command.vanished() && !(command.uid() && context.qresync())) {
            // RFC 7162 §3.2.6: VANISHED only in UID FETCH, and only once QRESYNC is enabled.
            return Outcome.bad("VANISHED needs UID FETCH and ENABLE QRESYNC");
        }
        if (changedSince && items.stream().noneMatch(i -> i instanceof FetchItem.ModSeq)) {
            // RFC 7162 §3.1.4: CHANGEDSINCE implies the MODSEQ item.
            items.add(new FetchItem.ModSeq());
        }
        if (items.stream().anyMatch(i -> i instanceof FetchItem.ModSeq)) {
            // RFC 7162 §3.1: FETCH MODSEQ and CHANGEDSINCE are CONDSTORE enabling commands.
            context.enableCondstore();
        }
        if (command.vanished()) {
            Resynchronisation.reportVanished(context, view, command.sequenceSet(),
                    new ModSeq(command.changedSince()));
        }
        boolean needStructure = items.stream().anyMatch(i -> i instanceof FetchItem.Envelope
                || i instanceof FetchItem.BodyStructure || i instanceof FetchItem.BodySection
                || i instanceof FetchItem.Binary || i instanceof FetchItem.BinarySize);
        boolean needContent = items.stream().anyMatch(i -> i instanceof FetchItem.BodySection
                || i instanceof FetchItem.Binary || i instanceof FetchItem.BinarySize);
        boolean setsSeen = !view.readOnly() && items.stream().anyMatch(i ->
                (i instanceof FetchItem.BodySection s && !s.peek()) || (i instanceof FetchItem.Binary b && !b.peek()));
        boolean flagsRequested = items.stream().anyMatch(i -> i instanceof FetchItem.Flags);
        boolean headerOnly = items.stream().allMatch(FetchHandler::needsTopHeaderAtMost);

        int[] seqs = resolved.seqs();
        if (command.partial() != null) {
            // RFC 9394 §3.2: only the messages at those positions of the set, in ascending order.
            long[] range = command.partial().indexes(seqs.length);
            seqs = java.util.Arrays.copyOfRange(seqs, (int) range[0], (int) range[1]);
        }
        boolean missing = false;
        boolean unknownEncoding = false;
        for (int start = 0; start < seqs.length; start += BATCH) {
            int end = Math.min(seqs.length, start + BATCH);
            List<Uid> uids = new ArrayList<>(end - start);
            for (int i = start; i < end; i++) {
                uids.add(new Uid(view.uidAt(seqs[i])));
            }
            // RFC 9585: a FETCH of many messages says how far it has got.
            context.progress(command.tag(), start, seqs.length);
            List<MessageRecord> records = context.store().messages().fetch(view.mailbox().id(), uids, needStructure);
            if (records.size() < uids.size()) {
                missing = true;
            }
            if (changedSince) {
                // RFC 7162 §3.1.4: only messages whose MODSEQ is above the CHANGEDSINCE value.
                records = records.stream().filter(r -> r.modSeq().value() > command.changedSince()).toList();
            }
            Map<Long, MessageSummary> seenNow = setsSeen ? markSeen(context, view, records) : Map.of();
            for (MessageRecord fetched : records) {
                int seq = view.seqOf(fetched.uid().value());
                if (seq < 0) {
                    continue;
                }
                MessageSummary marked = seenNow.get(fetched.uid().value());
                MessageRecord record = marked == null ? fetched : new MessageRecord(fetched.uid(), marked.flags(),
                        marked.modSeq(), fetched.internalDate(), fetched.size(), fetched.content(), fetched.structure());
                Flags flags = record.flags();
                boolean addFlags = !flagsRequested && marked != null;
                byte[] content = needContent ? content(context, record, headerOnly) : null;
                if (flagsRequested || addFlags) {
                    FlagLists.announceNewKeywords(context, view, flags);
                }
                FetchResponse response = new FetchResponse(context, view, seq, record, flags, content);
                if (!response.write(items, addFlags)) {
                    unknownEncoding = true;
                }
            }
        }
        if (unknownEncoding) {
            return Outcome.no("UNKNOWN-CTE", "Cannot decode the content transfer encoding of a part");
        }
        if (missing && !command.uid()) {
            return Outcome.no("EXPUNGEISSUED", "Some messages were expunged meanwhile");
        }
        return Outcome.ok(command.uid() ? "UID FETCH completed" : "FETCH completed");
    }

    /**
     * The FETCH responses that go with MessageNew (RFC 5465 §5.2): the items the client named for messages
     * that just arrived in the selected mailbox, unasked. They never set \Seen (a body section is read as with
     * .PEEK: the client has not opened the message) and never report progress, having no command to report on.
     */
    public static void writeUnsolicited(CommandContext context, List<Uid> uids, List<FetchItem> requested) {
        SelectedMailbox view = context.selected();
        List<FetchItem> items = new ArrayList<>();
        for (FetchItem item : requested) {
            items.add(switch (item) {
                case FetchItem.BodySection s when !s.peek() -> new FetchItem.BodySection(s.section(), s.partial(), true,
                        s.legacyName());
                case FetchItem.Binary b when !b.peek() -> new FetchItem.Binary(b.part(), b.partial(), true);
                default -> item;
            });
        }
        if (!context.uidOnly() && items.stream().noneMatch(i -> i instanceof FetchItem.Uid)) {
            // The client cannot tell which message a sequence number names while it does not know the UID.
            items.addFirst(new FetchItem.Uid());
        }
        boolean needStructure = items.stream().anyMatch(i -> i instanceof FetchItem.Envelope
                || i instanceof FetchItem.BodyStructure || i instanceof FetchItem.BodySection
                || i instanceof FetchItem.Binary || i instanceof FetchItem.BinarySize);
        boolean needContent = items.stream().anyMatch(i -> i instanceof FetchItem.BodySection
                || i instanceof FetchItem.Binary || i instanceof FetchItem.BinarySize);
        boolean headerOnly = items.stream().allMatch(FetchHandler::needsTopHeaderAtMost);
        for (int start = 0; start < uids.size(); start += BATCH) {
            List<Uid> batch = uids.subList(start, Math.min(uids.size(), start + BATCH));
            for (MessageRecord record : context.store().messages().fetch(view.mailbox().id(), batch, needStructure)) {
                int seq = view.seqOf(record.uid().value());
                if (seq < 0) {
                    continue;
                }
                byte[] content = needContent ? content(context, record, headerOnly) : null;
                new FetchResponse(context, view, seq, record, record.flags(), content).write(items, false);
            }
        }
    }

    /**
     * Clients fetch header fields of every message when they synchronise; those are read without the
     * body, so a large attachment is not read from disk just to show a subject line.
     */
    private static boolean needsTopHeaderAtMost(FetchItem item) {
        return switch (item) {
            case FetchItem.BodySection s -> s.section().part().isEmpty() && switch (s.section().text()) {
                case HEADER, HEADER_FIELDS, HEADER_FIELDS_NOT -> true;
                default -> false;
            };
            case FetchItem.Binary b -> false;
            case FetchItem.BinarySize b -> false;
            default -> true;
        };
    }

    private static byte[] content(CommandContext context, MessageRecord record, boolean headerOnly) {
        if (headerOnly) {
            long headerEnd = record.structure().body().bodyStart();
            return context.store().blobs().read(record.content(), 0, (int) Math.min(headerEnd, Integer.MAX_VALUE));
        }
        return context.store().blobs().read(record.content());
    }

    /** Sets \Seen on the records that lack it (RFC 9051 §6.4.5 BODY[]); returns their new flags and MODSEQs. */
    private static Map<Long, MessageSummary> markSeen(CommandContext context, SelectedMailbox view, List<MessageRecord> records) {
        List<Uid> unseen = new ArrayList<>();
        for (MessageRecord r : records) {
            if (!r.flags().contains(Flags.SEEN)) {
                unseen.add(r.uid());
            }
        }
        if (unseen.isEmpty()) {
            return Map.of();
        }
        FlagsUpdated updated = context.store().messages().updateFlags(view.mailbox().id(), unseen, FlagUpdate.ADD,
                Flags.of(Flags.SEEN), null);
        Map<Long, MessageSummary> result = new HashMap<>();
        for (MessageSummary m : updated.messages()) {
            result.put(m.uid().value(), m);
            int seq = view.seqOf(m.uid().value());
            if (seq > 0) {
                view.setFlagsAt(seq, m.flags());
            }
        }
        return result;
    }

    static String internalDate(java.time.Instant instant) {
        return INTERNAL_DATE.format(instant.atZone(ZoneId.systemDefault()));
    }

    /** One {@code * n FETCH (...)} response. */
    private record FetchResponse(CommandContext context, SelectedMailbox view, int seq, MessageRecord record,
                                 Flags flags, byte[] content) {

        /** Writes the response; false when a BINARY item met an unknown encoding. */
        boolean write(List<FetchItem> items, boolean addFlags) {
            ResponseWriter w = context.fetchResponse(seq, record.uid().value());
            boolean ok = true;
            boolean first = true;
            for (FetchItem item : items) {
                if (!first) {
                    w.space();
                }
                first = false;
                ok &= item(w, item);
            }
            if (addFlags) {
                w.raw(first ? "" : " ").raw("FLAGS ");
                FlagLists.write(w, flags, recent());
                // RFC 7162 §3.1: a FETCH that set \Seen reports the new MODSEQ, with the UID, once CONDSTORE is on.
                if (context.condstore()) {
                    if (!context.uidOnly() && items.stream().noneMatch(i -> i instanceof FetchItem.Uid)) {
                        w.raw(" UID ").number(record.uid().value());
                    }
                    if (items.stream().noneMatch(i -> i instanceof FetchItem.ModSeq)) {
                        w.raw(" MODSEQ (").number(record.modSeq().value()).raw(")");
                    }
                }
            }
            context.send(w.raw(')').crlf());
            return ok;
        }

        private boolean recent() {
            return !context.imap4rev2() && view.recent().contains(record.uid().value());
        }

        private boolean item(ResponseWriter w, FetchItem item) {
            switch (item) {
                case FetchItem.Uid u -> w.raw("UID ").number(record.uid().value());
                case FetchItem.ModSeq m -> w.raw("MODSEQ (").number(record.modSeq().value()).raw(")");
                case FetchItem.EmailId e -> w.raw("EMAILID (").raw(ObjectIds.emailId(record.content())).raw(")");
                case FetchItem.ThreadId t -> {
                    String thread = ObjectIds.threadId(context.store().messages().text(record.content()));
                    w.raw("THREADID ").raw(thread == null ? "NIL" : "(" + thread + ")");
                }
                // RFC 8514 §4.1: NIL when the store does not know when the message was saved.
                case FetchItem.SaveDate d -> {
                    w.raw("SAVEDATE ");
                    if (record.savedDate() == null) {
                        w.raw("NIL");
                    } else {
                        w.raw('"').raw(internalDate(record.savedDate())).raw('"');
                    }
                }
                // RFC 8970 §3: from the text decoded on arrival, so the body is not read again.
                case FetchItem.Preview p -> w.raw("PREVIEW ").string(
                        org.tegami.message.Preview.of(context.store().messages().text(record.content()).bodyText()));
                case FetchItem.Flags f -> {
                    w.raw("FLAGS ");
                    FlagLists.write(w, flags, recent());
                }
                case FetchItem.InternalDate d -> w.raw("INTERNALDATE \"").raw(internalDate(record.internalDate()))
                        .raw('"');
                case FetchItem.Rfc822Size s -> w.raw("RFC822.SIZE ").number(record.size());
                case FetchItem.Envelope e -> {
                    w.raw("ENVELOPE ");
                    EnvelopeWriter.write(w, record.structure().envelope());
                }
                case FetchItem.BodyStructure b -> {
                    w.raw(b.extensible() ? "BODYSTRUCTURE " : "BODY ");
                    BodyStructureWriter.write(w, record.structure().body(), b.extensible());
                }
                case FetchItem.BodySection s -> section(w, s);
                case FetchItem.Binary b -> {
                    return binary(w, b);
                }
                case FetchItem.BinarySize b -> {
                    return binarySize(w, b);
                }
            }
            return true;
        }

        private void section(ResponseWriter w, FetchItem.BodySection s) {
            byte[] data = SectionReader.read(content, record.structure().body(), s.section());
            if (s.legacyName() != null) {
                w.raw(s.legacyName()).space();
            } else {
                w.raw("BODY[").raw(s.section().render()).raw(']');
                if (s.partial() != null) {
                    w.raw('<').number(s.partial().offset()).raw('>');
                }
                w.space();
            }
            if (data == null) {
                w.raw("NIL");
                return;
            }
            writePartial(w, data, s.partial(), false);
        }

        private boolean binary(ResponseWriter w, FetchItem.Binary b) {
            byte[] data;
            try {
                data = SectionReader.binary(content, record.structure().body(), b.part());
            } catch (SectionReader.UnknownEncoding e) {
                return false;
            }
            w.raw("BINARY[").raw(partPath(b.part())).raw(']');
            if (b.partial() != null) {
                w.raw('<').number(b.partial().offset()).raw('>');
            }
            w.space();
            if (data == null) {
                w.raw("NIL");
                return true;
            }
            writePartial(w, data, b.partial(), true);
            return true;
        }

        private boolean binarySize(ResponseWriter w, FetchItem.BinarySize b) {
            byte[] data;
            try {
                data = SectionReader.binary(content, record.structure().body(), b.part());
            } catch (SectionReader.UnknownEncoding e) {
                return false;
            }
            w.raw("BINARY.SIZE[").raw(partPath(b.part())).raw("] ").number(data == null ? 0 : data.length);
            return true;
        }

        private static void writePartial(ResponseWriter w, byte[] data, FetchItem.Partial partial, boolean binary) {
            int from = 0;
            int length = data.length;
            if (partial != null) {
                // RFC 9051 §6.4.5: an origin past the end gives an empty string.
                from = (int) Math.min(partial.offset(), data.length);
                length = (int) Math.min(partial.length(), data.length - from);
            }
            if (binary) {
                w.literal8IfBinary(data, from, length);
            } else {
                w.literal(data, from, length);
            }
        }

        private static String partPath(List<Integer> part) {
            StringBuilder sb = new StringBuilder();
            for (int i = 0; i < part.size(); i++) {
                if (i > 0) {
                    sb.append('.');
                }
                sb.append(part.get(i));
            }
            return sb.toString();
        }
    }
}
