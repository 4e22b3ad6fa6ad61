package org.tegami.imap.server;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/** The open sessions of a server, so shutdown can say BYE to each. */
final class SessionRegistry {
    private final Set<ImapSession> open = ConcurrentHashMap.newKeySet();
    private final AtomicLong ids = new AtomicLong();

    /** A short id for log lines, unique within this server's lifetime. */
    String nextId() {
        return Long.toString(ids.incrementAndGet(), 36);
    }

    void add(ImapSession session) {
        open.add(session);
    }

    void remove(ImapSession session) {
        open.remove(session);
    }

    /** The most output any one session has queued for its client right now (bounded by maxOutputBufferBytes). */
    long largestQueuedOutputBytes() {
        return open.stream().mapToLong(ImapSession::queuedOutputBytes).max().orElse(0);
    }

    /** The views of the sessions that have a mailbox selected now; for tests. */
    java.util.List<SelectedMailbox> selectedViews() {
        return open.stream().map(ImapSession::selectedView).filter(java.util.Objects::nonNull).toList();
    }

    void closeAll() {
        for (ImapSession session : open) {
            session.shutdown();
        }
    }
}
