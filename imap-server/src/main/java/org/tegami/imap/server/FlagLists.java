package org.tegami.imap.server;

import java.util.ArrayList;
import java.util.List;
import org.tegami.imap.protocol.ResponseWriter;
import org.tegami.store.Flags;

/** Writes flag lists, adding the session-only {@code \Recent} for IMAP4rev1 clients (RFC 3501 §2.3.2). */
public final class FlagLists {
    private FlagLists() {
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
