package org.tegami.imap.server.command;

import java.util.Optional;
import org.tegami.imap.protocol.DeleteCommand;
import org.tegami.imap.server.CommandContext;
import org.tegami.imap.server.CommandHandler;
import org.tegami.imap.server.Outcome;
import org.tegami.imap.server.SessionState;
import org.tegami.store.Mailbox;

/** DELETE (RFC 9051 §6.3.5): INBOX cannot be deleted; a mailbox with inferiors stays as \Noselect. */
public final class DeleteHandler implements CommandHandler<DeleteCommand> {
    @Override
    public Outcome handle(DeleteCommand command, CommandContext context) {
        Optional<String> name = context.names().decode(command.mailbox());
        if (name.isEmpty()) {
            return Outcome.no("NONEXISTENT", "Invalid mailbox name");
        }
        if (name.get().equals(Mailbox.INBOX)) {
            return Outcome.no("CANNOT", "INBOX cannot be deleted");
        }
        boolean deletingSelected = context.state() instanceof SessionState.Selected s
                && s.mailbox().mailbox().name().equals(name.get());
        context.store().mailboxes().deleteMailbox(context.account().id(), name.get());
        if (deletingSelected) {
            context.setState(new SessionState.Authenticated(context.account()));
            context.send(context.response().raw("* OK [CLOSED] Selected mailbox deleted").crlf());
        }
        return Outcome.ok("DELETE completed");
    }
}
