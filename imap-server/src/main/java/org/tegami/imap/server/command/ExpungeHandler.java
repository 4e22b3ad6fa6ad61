package org.tegami.imap.server.command;

import org.tegami.imap.protocol.ExpungeCommand;
import org.tegami.imap.server.CommandContext;
import org.tegami.imap.server.CommandHandler;
import org.tegami.imap.server.Outcome;

/** EXPUNGE (RFC 9051 §6.4.3): removes every \Deleted message and reports each. */
public final class ExpungeHandler implements CommandHandler<ExpungeCommand> {
    @Override
    public Outcome handle(ExpungeCommand command, CommandContext context) {
        if (context.selected().readOnly()) {
            return Outcome.no("READ-ONLY", "Mailbox is read-only");
        }
        Expunger.expunge(context, null);
        return Outcome.ok("EXPUNGE completed");
    }
}
