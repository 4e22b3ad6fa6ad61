package org.tegami.imap.server;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** The open sessions of a server, so shutdown can say BYE to each. */
final class SessionRegistry {
    private final Set<ImapSession> open = ConcurrentHashMap.newKeySet();

    void add(ImapSession session) {
        open.add(session);
    }

    void remove(ImapSession session) {
        open.remove(session);
    }

    void closeAll() {
        for (ImapSession session : open) {
            session.shutdown();
        }
    }
}
