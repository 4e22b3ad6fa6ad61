package org.tegami.imap.server.command;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.tegami.imap.server.CommandContext;
import org.tegami.imap.server.SelectedMailbox;
import org.tegami.store.Uid;

/** What EXPUNGE and UID EXPUNGE share: expunge in the store, then report each removed message. */
final class Expunger {
    private Expunger() {
    }

    static void expunge(CommandContext context, List<Uid> restrictTo) {
        SelectedMailbox view = context.selected();
        List<Uid> expunged = context.store().messages().expunge(view.mailbox().id(), restrictTo);
        Set<Long> gone = new HashSet<>();
        for (Uid uid : expunged) {
            gone.add(uid.value());
            view.pendingExpunges().remove(uid.value());
        }
        for (int seq : view.remove(gone)) {
            context.send(context.response().raw("* ").number(seq).raw(" EXPUNGE").crlf());
        }
    }
}
