package org.tegami.imap.server.command;

import java.util.Optional;
import org.tegami.imap.protocol.SubscribeCommand;
import org.tegami.imap.server.CommandContext;
import org.tegami.imap.server.CommandHandler;
import org.tegami.imap.server.Outcome;

/** SUBSCRIBE (RFC 9051 §6.3.7): any valid name may be subscribed, existing or not. */
public final class SubscribeHandler implements CommandHandler<SubscribeCommand> {
    @Override
    public Outcome handle(SubscribeCommand command, CommandContext context) {
        Optional<String> name = context.names().decode(command.mailbox());
        if (name.isEmpty() || name.get().isEmpty()) {
            return Outcome.no("CANNOT", "Invalid mailbox name");
        }
        context.store().mailboxes().subscribe(context.account().id(), name.get());
        return Outcome.ok("SUBSCRIBE completed");
    }
}
