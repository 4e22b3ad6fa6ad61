package org.tegami.imap.server.command;

import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import org.tegami.imap.protocol.MoveCommand;
import org.tegami.imap.server.CommandContext;
import org.tegami.imap.server.CommandHandler;
import org.tegami.imap.server.Outcome;
import org.tegami.imap.server.SelectedMailbox;
import org.tegami.store.Copied;
import org.tegami.store.Mailbox;
import org.tegami.store.Uid;

/**
 * MOVE and UID MOVE (RFC 9051 §6.4.8, RFC 6851): atomic in the store; COPYUID comes in an untagged OK
 * before the EXPUNGE responses for the moved messages.
 */
public final class MoveHandler implements CommandHandler<MoveCommand> {
    @Override
    public Outcome handle(MoveCommand command, CommandContext context) {
        SelectedMailbox view = context.selected();
        if (view.readOnly()) {
            return Outcome.no("READ-ONLY", "Mailbox is read-only");
        }
        MessageSet.Resolved resolved = MessageSet.resolve(command.sequenceSet(), command.uid(), view);
        if (!resolved.valid()) {
            return Outcome.bad(resolved.error());
        }
        Optional<Mailbox> destination = Transfer.destination(context, command.mailbox());
        if (destination.isEmpty()) {
            return Outcome.no("TRYCREATE", "No such destination mailbox");
        }
        if (resolved.seqs().length == 0) {
            return Outcome.ok("MOVE completed (no messages)");
        }
        Copied moved = context.store().messages().move(view.mailbox().id(), MessageSet.uids(view, resolved.seqs()),
                destination.get().id());
        if (moved.sourceUids().isEmpty()) {
            return Outcome.no("EXPUNGEISSUED", "The messages were expunged meanwhile");
        }
        context.send(context.response().raw("* OK [COPYUID ").number(moved.destinationValidity().value()).space()
                .raw(MessageSet.compact(moved.sourceUids())).space().raw(MessageSet.compact(moved.destinationUids()))
                .raw("] Moved").crlf());
        Set<Long> gone = new HashSet<>();
        for (Uid uid : moved.sourceUids()) {
            gone.add(uid.value());
            view.pendingExpunges().remove(uid.value());
        }
        for (int seq : view.remove(gone)) {
            context.send(context.response().raw("* ").number(seq).raw(" EXPUNGE").crlf());
        }
        return Outcome.ok("MOVE completed");
    }
}
