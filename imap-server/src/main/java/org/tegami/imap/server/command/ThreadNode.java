package org.tegami.imap.server.command;

import java.util.List;

/**
 * One node of a THREAD response (RFC 5256 §5): a message's sequence number, or 0 for a dummy (a message the
 * REFERENCES algorithm knows only from another's References, kept at the top level to hold its children), and
 * the node's children in order.
 */
public record ThreadNode(int seq, List<ThreadNode> children) {

    public ThreadNode {
        children = List.copyOf(children);
    }

    public boolean dummy() {
        return seq == 0;
    }
}
