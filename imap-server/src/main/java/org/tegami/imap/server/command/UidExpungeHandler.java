package org.tegami.imap.server.command;

import org.tegami.imap.protocol.UidExpungeCommand;
import org.tegami.imap.server.CommandContext;
import org.tegami.imap.server.CommandHandler;
import org.tegami.imap.server.Outcome;

/** UID EXPUNGE (RFC 9051 §6.4.9, RFC 4315 §2.1): removes only the listed \Deleted messages. */
public final class UidExpungeHandler implements CommandHandler<UidExpungeCommand> {
    @Override
    public Outcome handle(UidExpungeCommand command, CommandContext context) {
        if (context.selected().readOnly()) {
            return Outcome.no("READ-ONLY", "Mailbox is read-only");
        }
        MessageSet.Resolved resolved = MessageSet.resolve(command.uids(), true, context.selected());
        if (resolved.seqs().length > 0) {
            Expunger.expunge(context, MessageSet.uids(context.selected(), resolved.seqs()));
        }
        return Outcome.ok("UID EXPUNGE completed");
    }
}
