package org.tegami.imap.server.command;

import org.tegami.imap.protocol.IdCommand;
import org.tegami.imap.server.CommandContext;
import org.tegami.imap.server.CommandHandler;
import org.tegami.imap.server.Outcome;

/** ID (RFC 2971): names the server; the version is not disclosed (it only helps attackers). */
public final class IdHandler implements CommandHandler<IdCommand> {
    @Override
    public Outcome handle(IdCommand command, CommandContext context) {
        context.send(context.response().raw("* ID (\"name\" \"Tegami\" \"vendor\" \"Tegami\")").crlf());
        return Outcome.ok("ID completed");
    }
}
