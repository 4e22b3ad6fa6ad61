package org.tegami.imap.server;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.tegami.imap.protocol.ResponseWriter;
import org.tegami.store.Flags;

/** Writes flag lists, adding the session-only {@code \Recent} for IMAP4rev1 clients (RFC 3501 §2.3.2). */
public final class FlagLists {
    private FlagLists() {
    }

    /** The system flags of RFC 9051 §2.3.2 followed by the given keywords, as FLAGS lists them. */
    public static List<String> applicable(Collection<String> keywords) {
        List<String> names = new ArrayList<>(List.of(Flags.ANSWERED, Flags.FLAGGED, Flags.DELETED, Flags.SEEN,
                Flags.DRAFT));
        names.addAll(keywords);
        return names;
    }

    /**
     * Before a FETCH shows a keyword the client was not told of, sends the FLAGS response again, and
     * PERMANENTFLAGS when the mailbox is writable: a flag in a FETCH response must be among the flags
     * FLAGS says apply to the mailbox (RFC 9051 §7.3.5, RFC 3501 §7.2.6).
     */
    public static void announceNewKeywords(CommandContext context, SelectedMailbox view, Flags flags) {
        if (!view.announceKeywords(flags)) {
            return;
        }
        List<String> names = applicable(view.announcedKeywords());
        context.send(context.response().raw("* FLAGS ").atomList(names).crlf());
        if (!view.readOnly()) {
            List<String> permanent = new ArrayList<>(names);
            permanent.add("\\*");
            context.send(context.response().raw("* OK [PERMANENTFLAGS ").atomList(permanent).raw("] Flags permitted")
                    .crlf());
        }
    }

    public static void write(ResponseWriter w, Flags flags, boolean recent) {
        if (!recent) {
            w.atomList(flags.names());
            return;
        }
        List<String> names = new ArrayList<>(flags.names());
        names.add("\\Recent");
        w.atomList(names);
    }
}
