package org.tegami.imap.server.command;

import org.tegami.imap.protocol.NamespaceCommand;
import org.tegami.imap.server.CommandContext;
import org.tegami.imap.server.CommandHandler;
import org.tegami.imap.server.Outcome;

/** NAMESPACE (RFC 9051 §6.3.10): one personal namespace with "/" as delimiter; no shared or other users'. */
public final class NamespaceHandler implements CommandHandler<NamespaceCommand> {
    @Override
    public Outcome handle(NamespaceCommand command, CommandContext context) {
        context.send(context.response().raw("* NAMESPACE ((\"\" \"/\")) NIL NIL").crlf());
        return Outcome.ok("NAMESPACE completed");
    }
}
