package org.tegami.imap.server.command;

import org.tegami.imap.protocol.CloseCommand;
import org.tegami.imap.server.CommandContext;
import org.tegami.imap.server.CommandHandler;
import org.tegami.imap.server.Outcome;
import org.tegami.imap.server.SessionState;

/** CLOSE (RFC 9051 §6.4.1): silently expunges \Deleted messages (unless read-only) and deselects. */
public final class CloseHandler implements CommandHandler<CloseCommand> {
    @Override
    public Outcome handle(CloseCommand command, CommandContext context) {
        if (!context.selected().readOnly()) {
            context.store().messages().expunge(context.selected().mailbox().id(), null);
        }
        context.setState(new SessionState.Authenticated(context.account()));
        return Outcome.ok("CLOSE completed");
    }
}
