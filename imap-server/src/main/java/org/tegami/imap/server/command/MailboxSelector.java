package org.tegami.imap.server.command;

import java.util.List;
import java.util.Optional;
import org.tegami.imap.protocol.ResponseWriter;
import org.tegami.imap.protocol.SelectParameters;
import org.tegami.imap.server.CommandContext;
import org.tegami.imap.server.FlagLists;
import org.tegami.imap.server.MailboxState;
import org.tegami.imap.server.ObjectIds;
import org.tegami.imap.server.Outcome;
import org.tegami.imap.server.SelectedMailbox;
import org.tegami.imap.server.SessionState;
import org.tegami.store.Mailbox;
import org.tegami.store.Uid;

/** What SELECT and EXAMINE share (RFC 9051 §6.3.2, §6.3.3). */
final class MailboxSelector {
    private MailboxSelector() {
    }

    static Outcome select(CommandContext context, String wireName, boolean readOnly, SelectParameters parameters) {
        if (parameters.qresync() != null && !context.qresync()) {
            // RFC 7162 §3.2.5: QRESYNC without ENABLE QRESYNC first is a client error.
            return Outcome.bad("QRESYNC must be enabled first");
        }
        // RFC 9051 §6.3.2: selecting closes the current mailbox first, even if the new SELECT fails.
        if (context.state() instanceof SessionState.Selected) {
            context.setState(new SessionState.Authenticated(context.account()));
            context.send(context.response().raw("* OK [CLOSED] Previous mailbox closed").crlf());
        }
        if (parameters.condstore()) {
            // RFC 7162 §3.1.8: SELECT/EXAMINE (CONDSTORE) is a CONDSTORE enabling command; the HIGHESTMODSEQ
            // it reports is the new mailbox's, below.
            context.enableCondstore();
        }
        Optional<String> name = context.names().decode(wireName);
        if (name.isEmpty()) {
            return Outcome.no("CANNOT", "Invalid mailbox name");
        }
        Optional<Mailbox> mailbox = context.store().mailboxes().findMailbox(context.account().id(), name.get());
        if (mailbox.isEmpty()) {
            return Outcome.no("NONEXISTENT", "No such mailbox");
        }
        if (!mailbox.get().selectable()) {
            return Outcome.no("CANNOT", "Mailbox cannot be selected");
        }
        // The store's messages now; usually the state other sessions share, brought up to date with the changes
        // since it was current, rather than a read of every message.
        MailboxState current = context.currentState(mailbox.get());
        SelectedMailbox view = new SelectedMailbox(current, readOnly);
        if (!readOnly) {
            for (Uid uid : context.store().messages().claimRecent(mailbox.get().id())) {
                view.recent().add(uid.value());
            }
        } else {
            // RFC 3501 §6.3.2: EXAMINE shows \Recent like SELECT but must not take it away. The unclaimed
            // messages are the newest ones (everything from the mailbox's recent mark up).
            long unclaimed = Math.min(context.store().mailboxes().status(mailbox.get().id()).recent(), view.size());
            for (int seq = view.size(); seq > view.size() - unclaimed; seq--) {
                view.recent().add(view.uidAt(seq));
            }
        }
        List<String> flagNames = FlagLists.applicable(view.announcedKeywords());
        context.send(context.response().raw("* FLAGS ").atomList(flagNames).crlf());
        context.send(context.response().raw("* ").number(view.size()).raw(" EXISTS").crlf());
        if (!context.imap4rev2()) {
            context.send(context.response().raw("* ").number(view.recent().size()).raw(" RECENT").crlf());
            int firstUnseen = current.firstUnseen();
            if (firstUnseen > 0) {
                context.send(context.response().raw("* OK [UNSEEN ").number(firstUnseen).raw("] First unseen")
                        .crlf());
            }
        }
        context.send(context.response().raw("* OK [UIDVALIDITY ").number(current.mailbox().uidValidity().value())
                .raw("] UIDs valid").crlf());
        context.send(context.response().raw("* OK [UIDNEXT ").number(current.uidNext()).raw("] Predicted next UID")
                .crlf());
        ResponseWriter permanent = context.response().raw("* OK [PERMANENTFLAGS ");
        if (readOnly) {
            permanent.raw("()");
        } else {
            List<String> permanentFlags = new java.util.ArrayList<>(flagNames);
            permanentFlags.add("\\*");
            permanent.atomList(permanentFlags);
        }
        context.send(permanent.raw("] ").raw(readOnly ? "Read-only mailbox" : "Flags permitted").crlf());
        if (context.condstore()) {
            // RFC 7162 §3.1.2.1: every mailbox here keeps MODSEQs, so NOMODSEQ is never the answer.
            context.send(context.response().raw("* OK [HIGHESTMODSEQ ").number(current.highestModSeq().value())
                    .raw("] Highest").crlf());
        }
        if (context.imap4rev2()) {
            // RFC 9051 §6.3.2: SELECT returns the mailbox's LIST response, with accurate attributes.
            ResponseWriter list = context.response().raw("* LIST ").atomList(attributes(context, current.mailbox()))
                    .raw(" \"/\" ");
            list.astring(context.names().encode(current.mailbox().name()));
            context.send(list.crlf());
        }
        context.setState(new SessionState.Selected(context.account(), view));
        if (parameters.qresync() != null
                && parameters.qresync().uidValidity() == current.mailbox().uidValidity().value()) {
            Resynchronisation.report(context, view, current.uidNext(), parameters.qresync());
        }
        // RFC 8474 §4.2: SELECT and EXAMINE name the mailbox's MAILBOXID.
        context.send(context.response().raw("* OK [MAILBOXID (").raw(ObjectIds.mailboxId(current.mailbox()))
                .raw(")] Ok").crlf());
        return Outcome.ok(readOnly ? "READ-ONLY" : "READ-WRITE", readOnly ? "EXAMINE completed" : "SELECT completed");
    }

    private static List<String> attributes(CommandContext context, Mailbox mailbox) {
        List<String> attributes = new java.util.ArrayList<>();
        String prefix = mailbox.name() + "/";
        boolean children = context.store().mailboxes().listMailboxes(context.account().id()).stream()
                .anyMatch(m -> m.name().startsWith(prefix));
        attributes.add(children ? "\\HasChildren" : "\\HasNoChildren");
        for (org.tegami.store.SpecialUse use : org.tegami.store.SpecialUse.values()) {
            if (mailbox.specialUse().contains(use)) {
                attributes.add(use.attribute());
            }
        }
        return attributes;
    }
}
