package org.tegami.imap.server.command;

import java.util.Optional;
import org.tegami.imap.server.CommandContext;
import org.tegami.store.Mailbox;
import org.tegami.store.MailboxId;
import org.tegami.store.StoreError;

/**
 * The mailbox a GETMETADATA or SETMETADATA names (RFC 5464 §4.1): the empty name means the server; any other
 * name must be one of the account's mailboxes, selectable or not (§4.1: annotations are allowed on \Noselect
 * mailboxes too), else the command fails with NONEXISTENT.
 */
record MetadataTarget(Optional<MailboxId> mailbox, String onWire) {

    static MetadataTarget resolve(CommandContext context, String name) {
        if (name.isEmpty()) {
            return new MetadataTarget(Optional.empty(), "");
        }
        Optional<Mailbox> mailbox = context.names().decode(name)
                .flatMap(decoded -> context.store().mailboxes().findMailbox(context.account().id(), decoded));
        if (mailbox.isEmpty()) {
            throw new StoreError(StoreError.Kind.NONEXISTENT, "no such mailbox");
        }
        return new MetadataTarget(Optional.of(mailbox.get().id()), MetadataResponder.onWire(context, mailbox.get()));
    }

    boolean server() {
        return mailbox.isEmpty();
    }
}
