package org.tegami.imap.server.command;

import org.tegami.imap.protocol.MoveCommand;
import org.tegami.imap.server.CommandContext;
import org.tegami.imap.server.CommandHandler;
import org.tegami.imap.server.Outcome;
import org.tegami.store.Copied;

/**
 * MOVE and UID MOVE (RFC 9051 §6.4.8, RFC 6851): atomic in the store; COPYUID comes in an untagged OK
 * before the EXPUNGE responses for the moved messages.
 */
public final class MoveHandler implements CommandHandler<MoveCommand> {
    @Override
    public Outcome handle(MoveCommand command, CommandContext context) {
        if (context.selected().readOnly()) {
            return Outcome.no("READ-ONLY", "Mailbox is read-only");
        }
        Transfer.Plan plan = Transfer.plan(context, command.sequenceSet(), command.uid(), command.mailbox(), "MOVE");
        if (plan.refusal() != null) {
            return plan.refusal();
        }
        Copied moved = context.store().messages().move(context.selected().mailbox().id(), plan.uids(),
                plan.destination().id());
        if (moved.sourceUids().isEmpty()) {
            return Outcome.no("EXPUNGEISSUED", "The messages were expunged meanwhile");
        }
        context.store().messages().forgetExpunges(context.selected().mailbox().id(),
                context.settings().maxRememberedExpunges());
        context.send(context.response().raw("* OK [").raw(Transfer.copyUid(moved)).raw("] Moved").crlf());
        Expunger.report(context, moved.sourceUids());
        return Outcome.ok("MOVE completed");
    }
}
