package org.tegami.imap.server.command;

import org.tegami.imap.protocol.CheckCommand;
import org.tegami.imap.server.CommandContext;
import org.tegami.imap.server.CommandHandler;
import org.tegami.imap.server.Outcome;

/** CHECK (RFC 3501 §6.4.1): every change is already durable when acknowledged, so there is nothing to do. */
public final class CheckHandler implements CommandHandler<CheckCommand> {
    @Override
    public Outcome handle(CheckCommand command, CommandContext context) {
        return Outcome.ok("CHECK completed");
    }
}
