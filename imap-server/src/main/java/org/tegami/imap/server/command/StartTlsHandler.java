package org.tegami.imap.server.command;

import org.tegami.imap.protocol.StartTlsCommand;
import org.tegami.imap.server.CommandContext;
import org.tegami.imap.server.CommandHandler;
import org.tegami.imap.server.Outcome;

/** STARTTLS (RFC 9051 §6.2.1): only on a cleartext connection, once. */
public final class StartTlsHandler implements CommandHandler<StartTlsCommand> {
    @Override
    public Outcome handle(StartTlsCommand command, CommandContext context) {
        if (context.tls()) {
            return Outcome.bad("TLS is already active");
        }
        context.startTls(command.tag());
        return Outcome.CONTINUED;
    }
}
