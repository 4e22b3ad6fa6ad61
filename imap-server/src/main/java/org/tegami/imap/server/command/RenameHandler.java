package org.tegami.imap.server.command;

import java.util.Optional;
import org.tegami.imap.protocol.RenameCommand;
import org.tegami.imap.server.CommandContext;
import org.tegami.imap.server.CommandHandler;
import org.tegami.imap.server.Outcome;

/** RENAME (RFC 9051 §6.3.6): renames with inferiors; renaming INBOX moves its messages to the new name. */
public final class RenameHandler implements CommandHandler<RenameCommand> {
    @Override
    public Outcome handle(RenameCommand command, CommandContext context) {
        Optional<String> from = context.names().decode(command.from());
        Optional<String> to = context.names().decode(command.to());
        if (from.isEmpty() || to.isEmpty()) {
            return Outcome.no("CANNOT", "Invalid mailbox name");
        }
        String target = to.get();
        while (target.endsWith("/")) {
            target = target.substring(0, target.length() - 1);
        }
        if (target.isEmpty() || target.contains("//") || target.startsWith("/")) {
            return Outcome.no("CANNOT", "Invalid mailbox name");
        }
        context.store().mailboxes().renameMailbox(context.account().id(), from.get(), target);
        return Outcome.ok("RENAME completed");
    }
}
