package org.tegami.imap.server.command;

import org.tegami.imap.protocol.UnselectCommand;
import org.tegami.imap.server.CommandContext;
import org.tegami.imap.server.CommandHandler;
import org.tegami.imap.server.Outcome;
import org.tegami.imap.server.SessionState;

/** UNSELECT (RFC 9051 §6.4.2): deselects without expunging. */
public final class UnselectHandler implements CommandHandler<UnselectCommand> {
    @Override
    public Outcome handle(UnselectCommand command, CommandContext context) {
        context.setState(new SessionState.Authenticated(context.account()));
        return Outcome.ok("UNSELECT completed");
    }
}
