package org.tegami.imap.server.command;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.tegami.imap.protocol.ResponseWriter;
import org.tegami.imap.protocol.StoreCommand;
import org.tegami.imap.server.CommandContext;
import org.tegami.imap.server.CommandHandler;
import org.tegami.imap.server.FlagLists;
import org.tegami.imap.server.Outcome;
import org.tegami.imap.server.SelectedMailbox;
import org.tegami.imap.server.UidRanges;
import org.tegami.store.FlagUpdate;
import org.tegami.store.Flags;
import org.tegami.store.FlagsUpdated;
import org.tegami.store.MessageSummary;
import org.tegami.store.ModSeq;
import org.tegami.store.Uid;

/**
 * STORE and UID STORE (RFC 9051 §6.4.6): replace, add or remove flags; .SILENT suppresses the FETCH responses.
 * With UNCHANGEDSINCE (RFC 7162 §3.1.3) messages changed after that MODSEQ are left alone and named in MODIFIED.
 */
public final class StoreHandler implements CommandHandler<StoreCommand> {
    @Override
    public Outcome handle(StoreCommand command, CommandContext context) {
        SelectedMailbox view = context.selected();
        if (view.readOnly()) {
            return Outcome.no("READ-ONLY", "Mailbox is read-only");
        }
        MessageSet.Resolved resolved = MessageSet.resolve(command.sequenceSet(), command.uid(), view);
        if (!resolved.valid()) {
            return Outcome.bad(resolved.error());
        }
        List<String> names = new ArrayList<>();
        for (String flag : command.flags()) {
            // \Recent is maintained by the server only (RFC 3501 §2.3.2).
            if (!flag.equalsIgnoreCase("\\Recent")) {
                names.add(flag);
            }
        }
        FlagUpdate mode = switch (command.mode()) {
            case REPLACE -> FlagUpdate.REPLACE;
            case ADD -> FlagUpdate.ADD;
            case REMOVE -> FlagUpdate.REMOVE;
        };
        boolean conditional = command.unchangedSince() != StoreCommand.NO_UNCHANGEDSINCE;
        if (conditional) {
            // RFC 7162 §3.1: STORE (UNCHANGEDSINCE ...) is a CONDSTORE enabling command.
            context.enableCondstore();
        }
        if (resolved.seqs().length == 0) {
            return Outcome.ok(command.uid() ? "UID STORE completed" : "STORE completed");
        }
        FlagsUpdated updated = context.store().messages().updateFlags(view.mailbox().id(),
                MessageSet.uids(view, resolved.seqs()), mode, Flags.of(names),
                conditional ? new ModSeq(command.unchangedSince()) : null);
        Set<Uid> modified = new HashSet<>(updated.modified());
        for (MessageSummary m : updated.messages()) {
            int seq = view.seqOf(m.uid().value());
            if (seq < 0 || modified.contains(m.uid())) {
                // A message that failed UNCHANGEDSINCE was changed by someone else: that change is reported
                // as an ordinary update, not as this STORE's result.
                continue;
            }
            view.setFlagsAt(seq, m.flags(), m.modSeq());
            FlagLists.announceNewKeywords(context, view, m.flags());
            // RFC 7162 §3.1.3: a conditional STORE sends FETCH with MODSEQ even with .SILENT.
            if (command.silent() && !conditional) {
                continue;
            }
            ResponseWriter w = context.fetchResponse(seq, m.uid().value());
            String separator = "";
            if (!command.silent()) {
                w.raw("FLAGS ");
                FlagLists.write(w, m.flags(), !context.imap4rev2() && view.recent().contains(m.uid().value()));
                separator = " ";
            }
            // RFC 7162 §3.1: once CONDSTORE is on, STORE's FETCH responses carry UID and MODSEQ.
            if ((command.uid() || context.condstore()) && !context.uidOnly()) {
                w.raw(separator).raw("UID ").number(m.uid().value());
                separator = " ";
            }
            if (context.condstore()) {
                w.raw(separator).raw("MODSEQ (").number(m.modSeq().value()).raw(")");
            }
            context.send(w.raw(')').crlf());
        }
        if (!modified.isEmpty()) {
            // RFC 7162 §3.1.3: the messages that failed the test, as UIDs for UID STORE, else sequence numbers.
            List<Long> failed = new ArrayList<>();
            for (Uid uid : updated.modified()) {
                failed.add(command.uid() ? uid.value() : view.seqOf(uid.value()));
            }
            failed.removeIf(n -> n < 0);
            failed.sort(null);
            return Outcome.ok("MODIFIED " + UidRanges.of(failed), "Conditional STORE failed");
        }
        return Outcome.ok(command.uid() ? "UID STORE completed" : "STORE completed");
    }
}
