package org.tegami.imap.server;

import org.tegami.imap.protocol.ImapCommand;

/**
 * Executes one kind of command. Runs on the session's own thread, talks to the store only through
 * {@link CommandContext}, writes untagged responses there, and returns the tagged outcome.
 */
@FunctionalInterface
public interface CommandHandler<C extends ImapCommand> {
    Outcome handle(C command, CommandContext context);
}
