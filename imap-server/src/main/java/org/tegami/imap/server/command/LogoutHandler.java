package org.tegami.imap.server.command;

import org.tegami.imap.protocol.LogoutCommand;
import org.tegami.imap.server.CommandContext;
import org.tegami.imap.server.CommandHandler;
import org.tegami.imap.server.Outcome;

/** LOGOUT (RFC 9051 §6.1.3): untagged BYE, then the tagged OK, then the connection closes. */
public final class LogoutHandler implements CommandHandler<LogoutCommand> {
    @Override
    public Outcome handle(LogoutCommand command, CommandContext context) {
        context.logout();
        return Outcome.ok("LOGOUT completed");
    }
}
