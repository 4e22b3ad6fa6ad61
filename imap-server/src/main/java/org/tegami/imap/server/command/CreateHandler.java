package org.tegami.imap.server.command;

import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import org.tegami.imap.protocol.CreateCommand;
import org.tegami.imap.server.CommandContext;
import org.tegami.imap.server.CommandHandler;
import org.tegami.imap.server.ObjectIds;
import org.tegami.imap.server.Outcome;
import org.tegami.store.Mailbox;
import org.tegami.store.SpecialUse;

/** CREATE (RFC 9051 §6.3.4) with CREATE-SPECIAL-USE (RFC 6154 §3). */
public final class CreateHandler implements CommandHandler<CreateCommand> {
    @Override
    public Outcome handle(CreateCommand command, CommandContext context) {
        Optional<String> decoded = context.names().decode(command.mailbox());
        if (decoded.isEmpty()) {
            return Outcome.no("CANNOT", "Invalid mailbox name");
        }
        // RFC 9051 §6.3.4: a trailing delimiter only says the client intends to create inferiors.
        String name = decoded.get();
        while (name.endsWith("/")) {
            name = name.substring(0, name.length() - 1);
        }
        if (name.isEmpty() || name.contains("//") || name.startsWith("/")) {
            return Outcome.no("CANNOT", "Invalid mailbox name");
        }
        if (name.equals(Mailbox.INBOX)) {
            return Outcome.no("ALREADYEXISTS", "INBOX always exists");
        }
        Set<SpecialUse> uses = EnumSet.noneOf(SpecialUse.class);
        for (String attribute : command.useAttributes()) {
            Optional<SpecialUse> use = SpecialUse.fromAttribute(attribute);
            if (use.isEmpty()) {
                return Outcome.no("USEATTR", "Unsupported special-use attribute");
            }
            uses.add(use.get());
        }
        Mailbox created = context.store().mailboxes().createMailbox(context.account().id(), name, uses);
        // RFC 8474 §4.1: CREATE names the new mailbox's MAILBOXID.
        return Outcome.ok("MAILBOXID (" + ObjectIds.mailboxId(created) + ")", "CREATE completed");
    }
}
