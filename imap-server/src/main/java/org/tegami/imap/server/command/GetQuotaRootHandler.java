package org.tegami.imap.server.command;

import java.util.Optional;
import org.tegami.imap.protocol.GetQuotaRootCommand;
import org.tegami.imap.protocol.ResponseWriter;
import org.tegami.imap.server.CommandContext;
import org.tegami.imap.server.CommandHandler;
import org.tegami.imap.server.Outcome;
import org.tegami.store.AccountId;
import org.tegami.store.Mailbox;
import org.tegami.store.Quota;

/**
 * GETQUOTAROOT (RFC 9208 §4.1.2): every mailbox of the account is under its one quota root {@code ""}, listed
 * in {@code * QUOTAROOT} and followed by its {@code * QUOTA}; without limits the mailbox has no root.
 */
public final class GetQuotaRootHandler implements CommandHandler<GetQuotaRootCommand> {
    @Override
    public Outcome handle(GetQuotaRootCommand command, CommandContext context) {
        Optional<String> name = context.names().decode(command.mailbox());
        if (name.isEmpty()) {
            return Outcome.no("NONEXISTENT", "Invalid mailbox name");
        }
        AccountId account = context.account().id();
        Optional<Mailbox> mailbox = context.store().mailboxes().findMailbox(account, name.get());
        if (mailbox.isEmpty() || !mailbox.get().selectable()) {
            return Outcome.no("NONEXISTENT", "No such mailbox");
        }
        Quota quota = context.store().accounts().quota(account);
        ResponseWriter w = context.response().raw("* QUOTAROOT ").astring(context.names().encode(mailbox.get().name()));
        if (QuotaResponder.hasRoot(quota)) {
            w.space().string(QuotaResponder.ROOT);
        }
        context.send(w.crlf());
        if (QuotaResponder.hasRoot(quota)) {
            QuotaResponder.write(context, quota, context.store().accounts().quotaUsage(account));
        }
        return Outcome.ok("GETQUOTAROOT completed");
    }
}
