package org.tegami.imap.server.command;

import java.util.Optional;
import org.tegami.imap.protocol.CopyCommand;
import org.tegami.imap.server.CommandContext;
import org.tegami.imap.server.CommandHandler;
import org.tegami.imap.server.Outcome;
import org.tegami.imap.server.SelectedMailbox;
import org.tegami.store.Copied;
import org.tegami.store.Mailbox;

/** COPY and UID COPY (RFC 9051 §6.4.7) with COPYUID (RFC 4315 §3). */
public final class CopyHandler implements CommandHandler<CopyCommand> {
    @Override
    public Outcome handle(CopyCommand command, CommandContext context) {
        SelectedMailbox view = context.selected();
        MessageSet.Resolved resolved = MessageSet.resolve(command.sequenceSet(), command.uid(), view);
        if (!resolved.valid()) {
            return Outcome.bad(resolved.error());
        }
        Optional<Mailbox> destination = Transfer.destination(context, command.mailbox());
        if (destination.isEmpty()) {
            return Outcome.no("TRYCREATE", "No such destination mailbox");
        }
        if (resolved.seqs().length == 0) {
            return Outcome.ok("COPY completed (no messages)");
        }
        Copied copied = context.store().messages().copy(view.mailbox().id(), MessageSet.uids(view, resolved.seqs()),
                destination.get().id());
        if (copied.sourceUids().isEmpty()) {
            return Outcome.no("EXPUNGEISSUED", "The messages were expunged meanwhile");
        }
        return Outcome.ok("COPYUID " + copied.destinationValidity().value() + " " + MessageSet.compact(copied.sourceUids())
                + " " + MessageSet.compact(copied.destinationUids()), "COPY completed");
    }
}
