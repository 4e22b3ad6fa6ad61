package org.tegami.imap.server.command;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.tegami.imap.server.CommandContext;
import org.tegami.imap.server.Expunges;
import org.tegami.store.MailboxId;
import org.tegami.store.Uid;

/**
 * What EXPUNGE, UID EXPUNGE and MOVE share: removing messages from the view and reporting each, and keeping
 * the mailbox's remembered expunges within {@code maxRememberedExpunges} (RFC 7162 §3.2.5: beyond it, a
 * client resynchronising from an older MODSEQ gets a full resynchronisation).
 */
final class Expunger {
    private Expunger() {
    }

    static void expunge(CommandContext context, List<Uid> restrictTo) {
        MailboxId mailbox = context.selected().mailbox().id();
        List<Uid> gone = context.store().messages().expunge(mailbox, restrictTo);
        if (!gone.isEmpty()) {
            context.store().messages().forgetExpunges(mailbox, context.settings().maxRememberedExpunges());
        }
        report(context, gone);
    }

    /** Reports the UIDs this session still shows as EXPUNGE (or VANISHED with QRESYNC) responses. */
    static void report(CommandContext context, List<Uid> gone) {
        Set<Long> uids = new HashSet<>();
        for (Uid uid : gone) {
            uids.add(uid.value());
        }
        Expunges.report(context, uids);
    }
}
