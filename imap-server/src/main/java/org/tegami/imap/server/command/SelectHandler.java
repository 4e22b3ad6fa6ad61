package org.tegami.imap.server.command;

import org.tegami.imap.protocol.SelectCommand;
import org.tegami.imap.server.CommandContext;
import org.tegami.imap.server.CommandHandler;
import org.tegami.imap.server.Outcome;

/** SELECT (RFC 9051 §6.3.2): opens a mailbox read-write. */
public final class SelectHandler implements CommandHandler<SelectCommand> {
    @Override
    public Outcome handle(SelectCommand command, CommandContext context) {
        return MailboxSelector.select(context, command.mailbox(), false, command.parameters());
    }
}
