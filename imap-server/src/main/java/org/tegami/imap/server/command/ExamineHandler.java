package org.tegami.imap.server.command;

import org.tegami.imap.protocol.ExamineCommand;
import org.tegami.imap.server.CommandContext;
import org.tegami.imap.server.CommandHandler;
import org.tegami.imap.server.Outcome;

/** EXAMINE (RFC 9051 §6.3.3): opens a mailbox read-only; nothing, not even \Seen, changes. */
public final class ExamineHandler implements CommandHandler<ExamineCommand> {
    @Override
    public Outcome handle(ExamineCommand command, CommandContext context) {
        return MailboxSelector.select(context, command.mailbox(), true, command.parameters());
    }
}
