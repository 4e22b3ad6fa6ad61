package org.tegami.imap.server.command;

import org.tegami.imap.protocol.CopyCommand;
import org.tegami.imap.server.CommandContext;
import org.tegami.imap.server.CommandHandler;
import org.tegami.imap.server.Outcome;
import org.tegami.store.Copied;

/** COPY and UID COPY (RFC 9051 §6.4.7) with COPYUID (RFC 4315 §3). */
public final class CopyHandler implements CommandHandler<CopyCommand> {
    @Override
    public Outcome handle(CopyCommand command, CommandContext context) {
        Transfer.Plan plan = Transfer.plan(context, command.sequenceSet(), command.uid(), command.mailbox(), "COPY");
        if (plan.refusal() != null) {
            return plan.refusal();
        }
        Copied copied = context.store().messages().copy(context.selected().mailbox().id(), plan.uids(),
                plan.destination().id());
        if (copied.sourceUids().isEmpty()) {
            return Outcome.no("EXPUNGEISSUED", "The messages were expunged meanwhile");
        }
        return Outcome.ok(Transfer.copyUid(copied), "COPY completed");
    }
}
