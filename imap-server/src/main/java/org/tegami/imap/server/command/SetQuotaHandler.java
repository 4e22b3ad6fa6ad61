package org.tegami.imap.server.command;

import org.tegami.imap.protocol.SetQuotaCommand;
import org.tegami.imap.server.CommandContext;
import org.tegami.imap.server.CommandHandler;
import org.tegami.imap.server.Outcome;

/**
 * SETQUOTA (RFC 9208 §4.1.3): quotas are set by the administrator ({@code tegami user quota}), never by the
 * user they limit, so every request is refused with NOPERM, which §4.1.3 names for this case.
 */
public final class SetQuotaHandler implements CommandHandler<SetQuotaCommand> {
    @Override
    public Outcome handle(SetQuotaCommand command, CommandContext context) {
        return Outcome.no("NOPERM", "Quotas are set by the administrator");
    }
}
