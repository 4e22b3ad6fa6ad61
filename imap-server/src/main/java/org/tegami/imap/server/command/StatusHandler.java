package org.tegami.imap.server.command;

import java.util.Optional;
import org.tegami.imap.protocol.StatusCommand;
import org.tegami.imap.server.CommandContext;
import org.tegami.imap.server.CommandHandler;
import org.tegami.imap.server.Outcome;
import org.tegami.store.Mailbox;

/** STATUS (RFC 9051 §6.3.11), including SIZE (RFC 8438) and RECENT for IMAP4rev1. */
public final class StatusHandler implements CommandHandler<StatusCommand> {
    @Override
    public Outcome handle(StatusCommand command, CommandContext context) {
        Optional<String> name = context.names().decode(command.mailbox());
        if (name.isEmpty()) {
            return Outcome.no("NONEXISTENT", "Invalid mailbox name");
        }
        Optional<Mailbox> mailbox = context.store().mailboxes().findMailbox(context.account().id(), name.get());
        if (mailbox.isEmpty() || !mailbox.get().selectable()) {
            return Outcome.no("NONEXISTENT", "No such mailbox");
        }
        StatusResponder.write(context, mailbox.get().name(), mailbox.get().id(), command.items());
        return Outcome.ok("STATUS completed");
    }
}
