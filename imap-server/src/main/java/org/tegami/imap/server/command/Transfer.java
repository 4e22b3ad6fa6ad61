package org.tegami.imap.server.command;

import java.util.List;
import java.util.Optional;
import org.tegami.imap.protocol.SequenceSet;
import org.tegami.imap.server.CommandContext;
import org.tegami.imap.server.Outcome;
import org.tegami.store.Copied;
import org.tegami.store.Mailbox;
import org.tegami.store.Uid;

/** What COPY, MOVE and APPEND share: the destination lookup, where a missing mailbox is TRYCREATE (RFC 9051 §6.4.7). */
final class Transfer {
    private Transfer() {
    }

    /** The messages and destination of a COPY or MOVE, or the outcome that ends the command early. */
    record Plan(List<Uid> uids, Mailbox destination, Outcome refusal) {
    }

    static Plan plan(CommandContext context, SequenceSet set, boolean uid, String wireDestination, String verb) {
        MessageSet.Resolved resolved = MessageSet.resolve(set, uid, context.selected());
        if (!resolved.valid()) {
            return new Plan(null, null, Outcome.bad(resolved.error()));
        }
        Optional<Mailbox> destination = destination(context, wireDestination);
        if (destination.isEmpty()) {
            return new Plan(null, null, Outcome.no("TRYCREATE", "No such destination mailbox"));
        }
        if (resolved.seqs().length == 0) {
            return new Plan(null, null, Outcome.ok(verb + " completed (no messages)"));
        }
        return new Plan(MessageSet.uids(context.selected(), resolved.seqs()), destination.get(), null);
    }

    /** The destination, or empty when it does not exist or cannot hold messages. */
    static Optional<Mailbox> destination(CommandContext context, String wireName) {
        return context.names().decode(wireName)
                .flatMap(name -> context.store().mailboxes().findMailbox(context.account().id(), name))
                .filter(Mailbox::selectable);
    }

    /** The COPYUID response code (RFC 4315 §3) without brackets. */
    static String copyUid(Copied copied) {
        return "COPYUID " + copied.destinationValidity().value() + " " + MessageSet.compact(copied.sourceUids()) + " "
                + MessageSet.compact(copied.destinationUids());
    }
}
