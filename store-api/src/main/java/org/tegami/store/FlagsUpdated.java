package org.tegami.store;

import java.util.List;

/**
 * The outcome of a flag update: the current summary of every message that still exists among those
 * asked for (changed or not, ascending UID), and the UIDs not changed because their MODSEQ was above
 * the caller's UNCHANGEDSINCE (RFC 7162 §3.1.3 MODIFIED).
 */
public record FlagsUpdated(List<MessageSummary> messages, List<Uid> modified) {
    public FlagsUpdated {
        messages = List.copyOf(messages);
        modified = List.copyOf(modified);
    }
}
