package org.tegami.imap.server.command;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeMap;
import org.tegami.imap.protocol.GetMetadataCommand.Depth;
import org.tegami.imap.protocol.ListCommand;
import org.tegami.imap.protocol.ListReturnOptions;
import org.tegami.imap.protocol.ListSelectOption;
import org.tegami.imap.protocol.ResponseWriter;
import org.tegami.imap.server.CommandContext;
import org.tegami.imap.server.CommandHandler;
import org.tegami.imap.server.MailboxNames;
import org.tegami.imap.server.Outcome;
import org.tegami.store.Mailbox;
import org.tegami.store.SpecialUse;

/**
 * LIST (RFC 9051 §6.3.9) with LIST-EXTENDED (RFC 5258), LIST-STATUS (RFC 5819), SPECIAL-USE (RFC 6154),
 * CHILDREN (RFC 3348) and LIST-METADATA (RFC 9590). Child information and special-use attributes are always returned, as
 * IMAP4rev2 requires for the former and clients expect for the latter.
 */
public final class ListHandler implements CommandHandler<ListCommand> {

    @Override
    public Outcome handle(ListCommand command, CommandContext context) {
        MailboxNames names = context.names();
        // RFC 9051 §6.3.9: an empty mailbox argument asks for the delimiter and the reference's root.
        if (command.patterns().size() == 1 && command.patterns().getFirst().isEmpty() && !command.extended()) {
            context.send(context.response().raw("* LIST (\\Noselect) \"/\" \"\"").crlf());
            return Outcome.ok("LIST completed");
        }
        String reference = names.decode(command.reference()).orElse(null);
        if (reference == null) {
            return Outcome.ok("LIST completed");
        }
        List<MailboxPattern> patterns = new ArrayList<>();
        for (String p : command.patterns()) {
            names.decode(p).ifPresent(decoded -> patterns.add(MailboxPattern.of(reference, decoded)));
        }
        List<Mailbox> mailboxes = context.store().mailboxes().listMailboxes(context.account().id());
        Map<String, Mailbox> byName = new TreeMap<>();
        for (Mailbox m : mailboxes) {
            byName.put(m.name(), m);
        }
        Set<String> subscribed = new HashSet<>(context.store().mailboxes().subscriptions(context.account().id()));
        Set<ListSelectOption> selection = command.selectOptions();
        ListReturnOptions returns = command.returnOptions();
        boolean selectSubscribed = selection.contains(ListSelectOption.SUBSCRIBED);
        boolean showSubscribed = selectSubscribed || returns.subscribed();

        // Candidate names in order: existing mailboxes, plus subscribed names that no longer exist.
        Set<String> candidates = new java.util.TreeSet<>(byName.keySet());
        if (selectSubscribed) {
            candidates = new java.util.TreeSet<>(subscribed);
            if (selection.contains(ListSelectOption.RECURSIVEMATCH)) {
                for (String sub : subscribed) {
                    for (int i = sub.indexOf('/'); i > 0; i = sub.indexOf('/', i + 1)) {
                        candidates.add(sub.substring(0, i));
                    }
                }
            }
        }
        for (String name : candidates) {
            if (!matchesAny(patterns, name)) {
                continue;
            }
            Mailbox mailbox = byName.get(name);
            boolean isSubscribed = subscribed.contains(name);
            boolean hasSubscribedChild = selectSubscribed && hasSubscribedChild(subscribed, name);
            if (selectSubscribed && !isSubscribed && !hasSubscribedChild) {
                continue;
            }
            if (selection.contains(ListSelectOption.SPECIAL_USE) && (mailbox == null || mailbox.specialUse().isEmpty())) {
                continue;
            }
            List<String> attributes = new ArrayList<>();
            if (mailbox == null) {
                attributes.add("\\NonExistent");
            } else {
                if (!mailbox.selectable()) {
                    attributes.add("\\Noselect");
                }
                attributes.add(hasChildren(byName, name) ? "\\HasChildren" : "\\HasNoChildren");
                for (SpecialUse use : SpecialUse.values()) {
                    if (mailbox.specialUse().contains(use)) {
                        attributes.add(use.attribute());
                    }
                }
            }
            if (showSubscribed && isSubscribed) {
                attributes.add("\\Subscribed");
            }
            if (selectSubscribed && !isSubscribed && hasSubscribedChild) {
                writeList(context, name, attributes, true);
                continue;
            }
            writeList(context, name, attributes, false);
            if (returns.status() != null && mailbox != null && mailbox.selectable()) {
                StatusResponder.write(context, name, mailbox.id(), returns.status());
            }
            if (!returns.metadata().isEmpty() && mailbox != null) {
                // RFC 9590: each listed mailbox's LIST response is followed by a METADATA response holding the
                // requested entries, NIL for those without a value, as GETMETADATA with DEPTH 0 answers.
                Map<String, byte[]> selected = MetadataResponder.select(
                        MetadataResponder.entries(context, Optional.of(mailbox.id())), returns.metadata(), Depth.ZERO);
                MetadataResponder.write(context, MetadataResponder.onWire(context, mailbox), selected,
                        OptionalLong.empty());
            }
        }
        return Outcome.ok("LIST completed");
    }

    private static void writeList(CommandContext context, String name, List<String> attributes, boolean childInfo) {
        ResponseWriter w = context.response().raw("* LIST ").atomList(attributes).raw(" \"/\" ");
        w.astring(context.names().encode(name));
        if (childInfo) {
            // RFC 5258 §3.5: a parent returned only because of subscribed children carries CHILDINFO.
            w.raw(" (\"CHILDINFO\" (\"SUBSCRIBED\"))");
        }
        context.send(w.crlf());
    }

    private static boolean matchesAny(List<MailboxPattern> patterns, String name) {
        for (MailboxPattern p : patterns) {
            if (p.matches(name)) {
                return true;
            }
        }
        return false;
    }

    private static boolean hasChildren(Map<String, Mailbox> byName, String name) {
        String prefix = name + "/";
        for (String other : byName.keySet()) {
            if (other.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }

    private static boolean hasSubscribedChild(Set<String> subscribed, String name) {
        String prefix = name + "/";
        for (String sub : subscribed) {
            if (sub.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }
}
