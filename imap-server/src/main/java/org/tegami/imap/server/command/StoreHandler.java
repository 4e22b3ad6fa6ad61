package org.tegami.imap.server.command;

import java.util.ArrayList;
import java.util.List;
import org.tegami.imap.protocol.ResponseWriter;
import org.tegami.imap.protocol.StoreCommand;
import org.tegami.imap.server.CommandContext;
import org.tegami.imap.server.CommandHandler;
import org.tegami.imap.server.FlagLists;
import org.tegami.imap.server.Outcome;
import org.tegami.imap.server.SelectedMailbox;
import org.tegami.store.FlagUpdate;
import org.tegami.store.Flags;
import org.tegami.store.FlagsUpdated;
import org.tegami.store.MessageSummary;

/** STORE and UID STORE (RFC 9051 §6.4.6): replace, add or remove flags; .SILENT suppresses the FETCH responses. */
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
        if (resolved.seqs().length == 0) {
            return Outcome.ok(command.uid() ? "UID STORE completed" : "STORE completed");
        }
        FlagsUpdated updated = context.store().messages().updateFlags(view.mailbox().id(),
                MessageSet.uids(view, resolved.seqs()), mode, Flags.of(names), null);
        for (MessageSummary m : updated.messages()) {
            int seq = view.seqOf(m.uid().value());
            if (seq < 0) {
                continue;
            }
            view.setFlagsAt(seq, m.flags());
            FlagLists.announceNewKeywords(context, view, m.flags());
            if (!command.silent()) {
                ResponseWriter w = context.response().raw("* ").number(seq).raw(" FETCH (FLAGS ");
                FlagLists.write(w, m.flags(), !context.imap4rev2() && view.recent().contains(m.uid().value()));
                if (command.uid()) {
                    w.raw(" UID ").number(m.uid().value());
                }
                context.send(w.raw(')').crlf());
            }
        }
        return Outcome.ok(command.uid() ? "UID STORE completed" : "STORE completed");
    }
}
