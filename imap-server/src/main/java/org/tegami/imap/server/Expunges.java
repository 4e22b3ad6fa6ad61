package org.tegami.imap.server;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Tells the client that messages it knows of are gone, and forgets them in its view: one EXPUNGE response
 * per message, highest sequence number first (RFC 9051 §7.5.1), or, once QRESYNC is enabled, one VANISHED
 * response with their UIDs instead (RFC 7162 §3.2.10).
 */
public final class Expunges {
    private Expunges() {
    }

    public static void report(CommandContext context, Set<Long> uids) {
        SelectedMailbox view = context.selected();
        // RFC 5267 §4.3.4: REMOVEFROM before the expunge notification, while the message numbers are valid.
        view.searchContexts().expunging(context, uids);
        List<Long> known = new ArrayList<>();
        for (long uid : uids) {
            view.pendingExpunges().remove(uid);
            if (view.seqOf(uid) > 0) {
                known.add(uid);
            }
        }
        int[] seqs = view.remove(uids);
        // RFC 9586 §3.4: UIDONLY reports expunges as VANISHED too.
        if (context.qresync() || context.uidOnly()) {
            if (!known.isEmpty()) {
                known.sort(null);
                context.send(context.response().raw("* VANISHED ").raw(UidRanges.of(known).toString()).crlf());
            }
            return;
        }
        for (int seq : seqs) {
            context.send(context.response().raw("* ").number(seq).raw(" EXPUNGE").crlf());
        }
    }
}
