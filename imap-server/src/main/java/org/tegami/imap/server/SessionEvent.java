package org.tegami.imap.server;

import org.tegami.imap.protocol.FramerEvent;

/** What wakes a session's thread. */
sealed interface SessionEvent {

    /** Something the framer produced from the client's bytes. */
    record Input(FramerEvent event) implements SessionEvent {
    }

    /** The account's mail changed (from the change feed). */
    record MailChanged() implements SessionEvent {
    }

    /** The connection is gone. */
    record Closed() implements SessionEvent {
    }
}
