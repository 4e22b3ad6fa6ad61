package org.tegami.imap.server.command;

import org.tegami.imap.protocol.NoopCommand;
import org.tegami.imap.server.CommandContext;
import org.tegami.imap.server.CommandHandler;
import org.tegami.imap.server.Outcome;

/** NOOP (RFC 9051 §6.1.2): does nothing itself; the session reports mailbox updates before the OK. */
public final class NoopHandler implements CommandHandler<NoopCommand> {
    @Override
    public Outcome handle(NoopCommand command, CommandContext context) {
        return Outcome.ok("NOOP completed");
    }
}
