package org.tegami.imap.server.command;

import java.util.Optional;
import org.tegami.imap.server.CommandContext;
import org.tegami.store.Mailbox;

/** Destination lookup shared by COPY, MOVE and APPEND: a missing mailbox is TRYCREATE (RFC 9051 §6.4.7). */
final class Transfer {
    private Transfer() {
    }

    /** The destination, or empty when it does not exist or cannot hold messages. */
    static Optional<Mailbox> destination(CommandContext context, String wireName) {
        return context.names().decode(wireName)
                .flatMap(name -> context.store().mailboxes().findMailbox(context.account().id(), name))
                .filter(Mailbox::selectable);
    }
}
