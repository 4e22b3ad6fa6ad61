package org.tegami.imap.server.command;

import java.util.List;
import org.tegami.imap.protocol.ResponseWriter;
import org.tegami.imap.protocol.StatusItem;
import org.tegami.imap.server.CommandContext;
import org.tegami.imap.server.ObjectIds;
import org.tegami.store.Flags;
import org.tegami.store.MailboxId;
import org.tegami.store.MessageRecord;
import org.tegami.store.MessageSummary;
import org.tegami.store.Uid;
import org.tegami.store.MailboxStatus;

/** Writes one {@code * STATUS} response (RFC 9051 §7.3.2), for STATUS and LIST RETURN (STATUS) (RFC 5819). */
final class StatusResponder {
    private StatusResponder() {
    }

    static void write(CommandContext context, String name, MailboxId mailbox, List<StatusItem> items) {
        if (items.contains(StatusItem.HIGHESTMODSEQ)) {
            // RFC 7162 §3.1: STATUS (HIGHESTMODSEQ) is a CONDSTORE enabling command.
            context.enableCondstore();
        }
        MailboxStatus status = context.store().mailboxes().status(mailbox);
        ResponseWriter w = context.response().raw("* STATUS ").astring(context.names().encode(name)).raw(" (");
        boolean first = true;
        for (StatusItem item : items) {
            if (!first) {
                w.space();
            }
            first = false;
            w.raw(item.atom()).space();
            switch (item) {
                case MESSAGES -> w.number(status.messages());
                case UIDNEXT -> w.number(status.uidNext());
                case UIDVALIDITY -> w.number(status.uidValidity().value());
                case UNSEEN -> w.number(status.unseen());
                case DELETED -> w.number(status.deleted());
                case SIZE -> w.number(status.sizeOctets());
                case RECENT -> w.number(status.recent());
                case HIGHESTMODSEQ -> w.number(status.highestModSeq().value());
                case MAILBOXID -> w.raw("(").raw(ObjectIds.mailboxId(mailbox, status.uidValidity())).raw(")");
                case DELETED_STORAGE -> w.number(deletedStorage(context, mailbox));
            }
        }
        context.send(w.raw(")").crlf());
    }

    /**
     * RFC 9208 §4.2: the storage an EXPUNGE of the mailbox would give back, in the units of the STORAGE resource
     * (1024 octets, rounded up): the sizes of the messages flagged \Deleted.
     */
    private static long deletedStorage(CommandContext context, MailboxId mailbox) {
        List<Uid> deleted = context.store().messages().snapshot(mailbox).messages().stream()
                .filter(m -> m.flags().contains(Flags.DELETED)).map(MessageSummary::uid).toList();
        if (deleted.isEmpty()) {
            return 0;
        }
        long octets = context.store().messages().fetch(mailbox, deleted, false).stream()
                .mapToLong(MessageRecord::size).sum();
        return Math.ceilDiv(octets, 1024);
    }
}
