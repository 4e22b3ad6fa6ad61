package org.tegami.imap.server.command;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.tegami.imap.protocol.LsubCommand;
import org.tegami.imap.protocol.ResponseWriter;
import org.tegami.imap.server.CommandContext;
import org.tegami.imap.server.CommandHandler;
import org.tegami.imap.server.Outcome;
import org.tegami.store.Mailbox;

/** LSUB (RFC 3501 §6.3.9): subscribed names matching the pattern; missing or unselectable ones are \Noselect. */
public final class LsubHandler implements CommandHandler<LsubCommand> {
    @Override
    public Outcome handle(LsubCommand command, CommandContext context) {
        if (command.pattern().isEmpty()) {
            context.send(context.response().raw("* LSUB (\\Noselect) \"/\" \"\"").crlf());
            return Outcome.ok("LSUB completed");
        }
        Optional<String> reference = context.names().decode(command.reference());
        Optional<String> pattern = context.names().decode(command.pattern());
        if (reference.isEmpty() || pattern.isEmpty()) {
            return Outcome.ok("LSUB completed");
        }
        MailboxPattern matcher = MailboxPattern.of(reference.get(), pattern.get());
        Map<String, Mailbox> byName = new HashMap<>();
        for (Mailbox m : context.store().mailboxes().listMailboxes(context.account().id())) {
            byName.put(m.name(), m);
        }
        for (String name : context.store().mailboxes().subscriptions(context.account().id())) {
            if (!matcher.matches(name)) {
                continue;
            }
            Mailbox mailbox = byName.get(name);
            ResponseWriter w = context.response().raw("* LSUB ")
                    .raw(mailbox == null || !mailbox.selectable() ? "(\\Noselect)" : "()").raw(" \"/\" ");
            context.send(w.astring(context.names().encode(name)).crlf());
        }
        return Outcome.ok("LSUB completed");
    }
}
