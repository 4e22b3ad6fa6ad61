package org.tegami.imap.server.command;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.tegami.imap.protocol.LsubCommand;
import org.tegami.imap.protocol.ResponseWriter;
import org.tegami.imap.server.CommandContext;
import org.tegami.imap.server.CommandHandler;
import org.tegami.imap.server.Outcome;
import org.tegami.store.Mailbox;

/**
 * LSUB (RFC 3501 §6.3.9): subscribed names matching the pattern; missing or unselectable ones are \Noselect,
 * as are unsubscribed parents that only a "%" pattern reaches.
 */
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
        List<String> subscribed = context.store().mailboxes().subscriptions(context.account().id());
        Set<String> subscribedNames = new HashSet<>(subscribed);
        // Name → selectable, in name order; each name is answered once.
        Map<String, Boolean> answers = new TreeMap<>();
        for (String name : subscribed) {
            if (matcher.matches(name)) {
                Mailbox mailbox = byName.get(name);
                answers.put(name, mailbox != null && mailbox.selectable());
                continue;
            }
            // RFC 3501 §6.3.9: when "foo/bar" is subscribed but "foo" is not, a "%" that matches "foo"
            // must return foo, flagged \Noselect.
            for (int i = name.indexOf('/'); i > 0; i = name.indexOf('/', i + 1)) {
                String parent = name.substring(0, i);
                if (!subscribedNames.contains(parent) && matcher.matches(parent)) {
                    answers.putIfAbsent(parent, false);
                }
            }
        }
        for (Map.Entry<String, Boolean> answer : answers.entrySet()) {
            ResponseWriter w = context.response().raw("* LSUB ")
                    .raw(answer.getValue() ? "()" : "(\\Noselect)").raw(" \"/\" ");
            context.send(w.astring(context.names().encode(answer.getKey())).crlf());
        }
        return Outcome.ok("LSUB completed");
    }
}
