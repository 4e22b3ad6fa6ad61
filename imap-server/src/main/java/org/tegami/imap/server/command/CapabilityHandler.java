package org.tegami.imap.server.command;

import org.tegami.imap.protocol.CapabilityCommand;
import org.tegami.imap.server.CommandContext;
import org.tegami.imap.server.CommandHandler;
import org.tegami.imap.server.Outcome;

/** CAPABILITY (RFC 9051 §6.1.1): lists what works now, for this connection's TLS and login state. */
public final class CapabilityHandler implements CommandHandler<CapabilityCommand> {
    @Override
    public Outcome handle(CapabilityCommand command, CommandContext context) {
        context.send(context.response().raw("* CAPABILITY ").raw(context.capabilities()).crlf());
        return Outcome.ok("CAPABILITY completed");
    }
}
