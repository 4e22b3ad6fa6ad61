package org.tegami.imap.server.command;

import java.util.Optional;
import org.tegami.imap.protocol.UnsubscribeCommand;
import org.tegami.imap.server.CommandContext;
import org.tegami.imap.server.CommandHandler;
import org.tegami.imap.server.Outcome;

/** UNSUBSCRIBE (RFC 9051 §6.3.8). */
public final class UnsubscribeHandler implements CommandHandler<UnsubscribeCommand> {
    @Override
    public Outcome handle(UnsubscribeCommand command, CommandContext context) {
        Optional<String> name = context.names().decode(command.mailbox());
        if (name.isEmpty()) {
            return Outcome.no("NONEXISTENT", "Invalid mailbox name");
        }
        context.store().mailboxes().unsubscribe(context.account().id(), name.get());
        return Outcome.ok("UNSUBSCRIBE completed");
    }
}
