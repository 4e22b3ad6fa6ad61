package org.tegami.imap.server.command;

import java.util.ArrayList;
import java.util.List;
import org.tegami.imap.protocol.ResponseWriter;
import org.tegami.imap.protocol.SequenceSet;
import org.tegami.imap.server.CommandContext;
import org.tegami.imap.server.FlagLists;
import org.tegami.imap.server.SelectedMailbox;
import org.tegami.imap.server.UidRanges;
import org.tegami.store.MailboxDelta;
import org.tegami.store.MailboxId;
import org.tegami.store.MessageSummary;
import org.tegami.store.ModSeq;
import org.tegami.store.Uid;

/**
 * What SELECT/EXAMINE (QRESYNC ...) and UID FETCH (CHANGEDSINCE ... VANISHED) share (RFC 7162 §3.2.5, §3.2.6):
 * the UIDs expunged since the client's MODSEQ, as one VANISHED (EARLIER) response. When that MODSEQ is older
 * than the mailbox's expunge horizon the remembered expunges are incomplete, so the answer is every UID the
 * client may know of that the mailbox no longer holds: exact for the client, never missing an expunge.
 */
final class Resynchronisation {
    private Resynchronisation() {
    }

    /** SELECT/EXAMINE (QRESYNC (...)) with a matching UIDVALIDITY: VANISHED (EARLIER), then the changed flags. */
    static void report(CommandContext context, SelectedMailbox view, long uidNext,
                       org.tegami.imap.protocol.SelectParameters.Qresync qresync) {
        MailboxId mailbox = view.mailbox().id();
        ModSeq since = new ModSeq(qresync.modSeq());
        long maxUid = uidNext - 1;
        // RFC 7162 §3.2.5.1: without known UIDs the client is taken to know every UID below UIDNEXT.
        UidRanges known = qresync.knownUids() == null
                ? UidRanges.upTo(maxUid) : UidRanges.of(qresync.knownUids(), maxUid);
        MailboxDelta delta = context.store().messages().changesSince(mailbox, since);
        // The view was selected just now, so it holds the mailbox's messages as SELECT found them.
        sendVanished(context, vanished(context, mailbox, since, delta, known, view));
        for (MessageSummary m : delta.changed()) {
            long uid = m.uid().value();
            int seq = view.seqOf(uid);
            // A message added after the snapshot is not in the view yet: it comes with the next EXISTS.
            if (seq < 0 || (qresync.knownUids() != null && !known.contains(uid))) {
                continue;
            }
            view.setFlagsAt(seq, m.flags(), m.modSeq());
            FlagLists.announceNewKeywords(context, view, m.flags());
            ResponseWriter w = context.fetchResponse(seq, uid);
            if (!context.uidOnly()) {
                w.raw("UID ").number(uid).space();
            }
            w.raw("FLAGS ");
            FlagLists.write(w, m.flags(), !context.imap4rev2() && view.recent().contains(uid));
            context.send(w.raw(" MODSEQ (").number(m.modSeq().value()).raw("))").crlf());
        }
    }

    /** UID FETCH (CHANGEDSINCE since VANISHED): the UIDs of {@code requested} expunged after {@code since}. */
    static void reportVanished(CommandContext context, SelectedMailbox view, SequenceSet requested, ModSeq since) {
        MailboxId mailbox = view.mailbox().id();
        MailboxDelta delta = context.store().messages().changesSince(mailbox, since);
        UidRanges asked = UidRanges.of(requested, Math.max(delta.uidNext() - 1, view.lastUid()));
        List<MessageSummary> present = null;
        if (since.compareTo(context.store().messages().expungeHorizon(mailbox)) < 0) {
            present = context.store().messages().snapshot(mailbox).messages();
        }
        sendVanished(context, present == null
                ? UidRanges.of(values(delta.expunged())).within(asked)
                : asked.without(uidsOf(present)));
    }

    private static UidRanges vanished(CommandContext context, MailboxId mailbox, ModSeq since, MailboxDelta delta,
                                      UidRanges known, SelectedMailbox view) {
        // Read after the delta: the horizon only rises, so a MODSEQ at or above it now was covered by the delta.
        if (since.compareTo(context.store().messages().expungeHorizon(mailbox)) >= 0) {
            return UidRanges.of(values(delta.expunged())).within(known);
        }
        return known.without(uidsOf(view));
    }

    private static List<Long> uidsOf(SelectedMailbox view) {
        List<Long> values = new ArrayList<>(view.size());
        for (int seq = 1; seq <= view.size(); seq++) {
            values.add(view.uidAt(seq));
        }
        return values;
    }

    private static void sendVanished(CommandContext context, UidRanges vanished) {
        if (!vanished.isEmpty()) {
            context.send(context.response().raw("* VANISHED (EARLIER) ").raw(vanished.toString()).crlf());
        }
    }

    private static List<Long> values(List<Uid> uids) {
        List<Long> values = new ArrayList<>(uids.size());
        for (Uid uid : uids) {
            values.add(uid.value());
        }
        return values;
    }

    private static List<Long> uidsOf(List<MessageSummary> messages) {
        List<Long> values = new ArrayList<>(messages.size());
        for (MessageSummary m : messages) {
            values.add(m.uid().value());
        }
        return values;
    }
}
