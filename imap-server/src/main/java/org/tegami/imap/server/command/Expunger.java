package org.tegami.imap.server.command;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.tegami.imap.server.CommandContext;
import org.tegami.imap.server.SelectedMailbox;
import org.tegami.store.Uid;

/** What EXPUNGE, UID EXPUNGE and MOVE share: removing messages from the view and reporting each. */
final class Expunger {
    private Expunger() {
    }

    static void expunge(CommandContext context, List<Uid> restrictTo) {
        report(context, context.store().messages().expunge(context.selected().mailbox().id(), restrictTo));
    }

    /** Sends an EXPUNGE response for each UID this session still shows, highest sequence number first. */
    static void report(CommandContext context, List<Uid> gone) {
        SelectedMailbox view = context.selected();
        Set<Long> uids = new HashSet<>();
        for (Uid uid : gone) {
            uids.add(uid.value());
            view.pendingExpunges().remove(uid.value());
        }
        for (int seq : view.remove(uids)) {
            context.send(context.response().raw("* ").number(seq).raw(" EXPUNGE").crlf());
        }
    }
}
