package org.tegami.imap.server;

/** One client connection's session. */
final class ImapSession {
    void shutdown() {
    }
}
