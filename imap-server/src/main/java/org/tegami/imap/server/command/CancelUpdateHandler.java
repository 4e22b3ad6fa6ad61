package org.tegami.imap.server.command;

import org.tegami.imap.protocol.CancelUpdateCommand;
import org.tegami.imap.server.CommandContext;
import org.tegami.imap.server.CommandHandler;
import org.tegami.imap.server.Outcome;

/**
 * CANCELUPDATE (RFC 5267 §4.3.5): no more ADDTO/REMOVEFROM for the contexts with the given tags, whose resources are
 * freed. A tag that names no context kept now is a client error, and then none is cancelled.
 */
public final class CancelUpdateHandler implements CommandHandler<CancelUpdateCommand> {
    @Override
    public Outcome handle(CancelUpdateCommand command, CommandContext context) {
        SearchContexts contexts = context.selected().searchContexts();
        for (String tag : command.tags()) {
            if (!contexts.inUse(tag)) {
                return Outcome.no("CLIENTBUG", "No update context has the tag " + tag);
            }
        }
        for (String tag : command.tags()) {
            contexts.cancel(tag);
        }
        return Outcome.ok("CANCELUPDATE completed");
    }
}
