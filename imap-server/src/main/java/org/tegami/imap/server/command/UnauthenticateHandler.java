package org.tegami.imap.server.command;

import org.tegami.imap.protocol.UnauthenticateCommand;
import org.tegami.imap.server.CommandContext;
import org.tegami.imap.server.CommandHandler;
import org.tegami.imap.server.Outcome;

/**
 * UNAUTHENTICATE (RFC 8437 §3): closes the selected mailbox without expunging, forgets the login and every
 * extension enabled since, and leaves TLS and COMPRESS as they are; the client may then log in again.
 */
public final class UnauthenticateHandler implements CommandHandler<UnauthenticateCommand> {
    @Override
    public Outcome handle(UnauthenticateCommand command, CommandContext context) {
        context.unauthenticate();
        return Outcome.ok("Not authenticated any more");
    }
}
