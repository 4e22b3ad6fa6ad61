package org.tegami.imap.server.command;

import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.tegami.imap.protocol.FetchItem;
import org.tegami.imap.protocol.ResponseWriter;
import org.tegami.imap.server.CommandContext;
import org.tegami.imap.server.FlagLists;
import org.tegami.imap.server.SelectedMailbox;
import org.tegami.store.Flags;
import org.tegami.store.MailboxDelta;
import org.tegami.store.MessageStore;
import org.tegami.store.MessageSummary;
import org.tegami.store.ModSeq;
import org.tegami.store.Uid;

/**
 * A FETCH that asks only for UID, FLAGS and MODSEQ (what a client synchronising a big mailbox asks for)
 * answered from the session's view instead of reading every message's row. The view holds each message's
 * UID, flags and MODSEQ as of the changes it has applied; one read of the changes after the view's MODSEQ
 * brings the answer up to the store's present, so it is what reading the rows would have given: current
 * flags and MODSEQ (RFC 7162 §3.1.4), and messages expunged meanwhile left out. Responses go out in slices
 * of {@link #SLICE_BYTES} through {@link CommandContext#send}, which waits while the client is not reading.
 */
final class ViewFetch {

    /** Bytes of FETCH responses gathered before they are handed to the connection. */
    static final int SLICE_BYTES = 16 * 1024;
    /** Messages between two progress reports (RFC 9585), as the store-reading FETCH reports them. */
    private static final int PROGRESS_STEP = 256;
    /** The items {@link #answerable} allows. */
    private static final int UID = 1;
    private static final int MODSEQ = 2;
    private static final int FLAGS = 3;

    private final CommandContext context;
    private final SelectedMailbox view;
    private final List<FetchItem> items;
    private final Map<Flags, byte[]> renderedFlags = new IdentityHashMap<>();
    private ResponseWriter slice = new ResponseWriter(SLICE_BYTES + 256);

    private ViewFetch(CommandContext context, SelectedMailbox view, List<FetchItem> items) {
        this.context = context;
        this.view = view;
        this.items = items;
    }

    /** Whether every item can be answered from the view. */
    static boolean answerable(List<FetchItem> items) {
        for (FetchItem item : items) {
            if (!(item instanceof FetchItem.Uid || item instanceof FetchItem.Flags || item instanceof FetchItem.ModSeq)) {
                return false;
            }
        }
        return true;
    }

    /**
     * Writes the FETCH responses of the messages at {@code seqs}; only those whose MODSEQ is above
     * {@code changedSince} when it is not {@link org.tegami.imap.protocol.FetchCommand#NO_CHANGEDSINCE}.
     * Says whether some requested message was expunged meanwhile and so left out, or that the view cannot
     * answer (expunges older than the store still remembers were forgotten: RFC 7162 §3.2.5) and the caller
     * must read the rows.
     */
    static Answer answer(CommandContext context, SelectedMailbox view, List<FetchItem> items, int[] seqs,
                          long changedSince, String tag) {
        MessageStore store = context.store().messages();
        MailboxDelta delta = store.changesSince(view.mailbox().id(), view.knownModSeq());
        // Read after the delta: the horizon only rises, so a MODSEQ at or above it now was covered then.
        if (view.knownModSeq().compareTo(store.expungeHorizon(view.mailbox().id())) < 0) {
            return Answer.NOT_ANSWERABLE;
        }
        return new ViewFetch(context, view, items).write(delta, seqs, changedSince, tag)
                ? Answer.SOME_EXPUNGED : Answer.ALL;
    }

    /** What {@link #answer} did. */
    enum Answer {
        /** Every requested message that is still there was answered. */
        ALL,
        /** As ALL, but some requested messages were expunged meanwhile. */
        SOME_EXPUNGED,
        /** Nothing was written: the rows must be read. */
        NOT_ANSWERABLE
    }

    private boolean write(MailboxDelta delta, int[] seqs, long changedSince, String tag) {
        Map<Long, MessageSummary> changed = Map.of();
        if (!delta.changed().isEmpty()) {
            changed = new HashMap<>();
            for (MessageSummary m : delta.changed()) {
                changed.put(m.uid().value(), m);
            }
        }
        Set<Long> expunged = new HashSet<>(view.pendingExpunges());
        for (Uid uid : delta.expunged()) {
            expunged.add(uid.value());
        }
        boolean flagsRequested = items.stream().anyMatch(i -> i instanceof FetchItem.Flags);
        // Decided once per command, not per message: which item each is, and whether \Recent can show.
        int[] kinds = new int[items.size()];
        for (int k = 0; k < kinds.length; k++) {
            kinds[k] = switch (items.get(k)) {
                case FetchItem.Uid u -> UID;
                case FetchItem.ModSeq m -> MODSEQ;
                case FetchItem.Flags f -> FLAGS;
                default -> 0;
            };
        }
        boolean recentKnown = !context.imap4rev2() && !view.recent().isEmpty();
        boolean missing = false;
        Flags lastFlags = null;
        byte[] lastFlagList = null;
        for (int i = 0; i < seqs.length; i++) {
            if (i % PROGRESS_STEP == 0) {
                // RFC 9585: a FETCH of many messages says how far it has got.
                context.progress(tag, i, seqs.length);
            }
            int seq = seqs[i];
            long uid = view.uidAt(seq);
            if (!expunged.isEmpty() && expunged.contains(uid)) {
                missing = true;
                continue;
            }
            MessageSummary now = changed.isEmpty() ? null : changed.get(uid);
            Flags flags = now == null ? view.flagsAt(seq) : now.flags();
            long modSeq = now == null ? view.modSeqAt(seq) : now.modSeq().value();
            if (changedSince != org.tegami.imap.protocol.FetchCommand.NO_CHANGEDSINCE && modSeq <= changedSince) {
                // RFC 7162 §3.1.4: only messages whose MODSEQ is above the CHANGEDSINCE value.
                continue;
            }
            if (flagsRequested && flags != lastFlags) {
                // Neighbours mostly share one flag set (the view shares equal sets): look it up on a change only.
                lastFlagList = flagList(flags);
                lastFlags = flags;
            }
            byte[] flagList = lastFlagList;
            context.startFetchResponse(slice, seq, uid);
            for (int k = 0; k < kinds.length; k++) {
                if (k > 0) {
                    slice.space();
                }
                switch (kinds[k]) {
                    case UID -> slice.raw("UID ").number(uid);
                    case MODSEQ -> slice.raw("MODSEQ (").number(modSeq).raw(')');
                    case FLAGS -> {
                        slice.raw("FLAGS ");
                        if (recentKnown && view.recent().contains(uid)) {
                            FlagLists.write(slice, flags, true);
                        } else {
                            slice.bytes(flagList, 0, flagList.length);
                        }
                    }
                    default -> throw new IllegalStateException("not answerable from the view: " + items.get(k));
                }
            }
            slice.raw(')').crlf();
            if (slice.length() >= SLICE_BYTES) {
                sendSlice();
            }
        }
        sendSlice();
        return missing;
    }

    /**
     * The flag list of a flag set, rendered once per command. The first time a set shows up, a keyword the
     * client was not told of is announced first (RFC 9051 §7.3.5), after what was gathered so far.
     */
    private byte[] flagList(Flags flags) {
        byte[] rendered = renderedFlags.get(flags);
        if (rendered == null) {
            if (!flags.keywords().isEmpty()) {
                sendSlice();
                FlagLists.announceNewKeywords(context, view, flags);
            }
            ResponseWriter w = new ResponseWriter(64);
            FlagLists.write(w, flags, false);
            rendered = w.toByteArray();
            renderedFlags.put(flags, rendered);
        }
        return rendered;
    }

    private void sendSlice() {
        if (slice.length() > 0) {
            context.send(slice);
            // The connection holds the sent buffer until it is written: the next slice gets its own.
            slice = new ResponseWriter(SLICE_BYTES + 256);
        }
    }
}
