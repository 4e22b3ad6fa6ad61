package org.tegami.imap.server.command;

import org.tegami.imap.protocol.GetQuotaCommand;
import org.tegami.imap.server.CommandContext;
import org.tegami.imap.server.CommandHandler;
import org.tegami.imap.server.Outcome;
import org.tegami.store.AccountId;
import org.tegami.store.Quota;

/** GETQUOTA (RFC 9208 §4.1.1): the account's one quota root, {@code ""}; any other name does not exist. */
public final class GetQuotaHandler implements CommandHandler<GetQuotaCommand> {
    @Override
    public Outcome handle(GetQuotaCommand command, CommandContext context) {
        AccountId account = context.account().id();
        Quota quota = context.store().accounts().quota(account);
        if (!command.root().equals(QuotaResponder.ROOT) || !QuotaResponder.hasRoot(quota)) {
            return Outcome.no("NONEXISTENT", "No such quota root");
        }
        QuotaResponder.write(context, quota, context.store().accounts().quotaUsage(account));
        return Outcome.ok("GETQUOTA completed");
    }
}
