package org.tegami.imap.server.command;

import org.tegami.imap.protocol.IdleCommand;
import org.tegami.imap.server.CommandContext;
import org.tegami.imap.server.CommandHandler;
import org.tegami.imap.server.Outcome;

/** IDLE (RFC 9051 §6.3.13): the session pushes updates until the client sends DONE. */
public final class IdleHandler implements CommandHandler<IdleCommand> {
    @Override
    public Outcome handle(IdleCommand command, CommandContext context) {
        context.beginIdle(command.tag());
        return Outcome.CONTINUED;
    }
}
