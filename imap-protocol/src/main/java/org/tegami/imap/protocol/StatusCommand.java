package org.tegami.imap.protocol;

import java.util.List;

/** STATUS (RFC 9051 §6.3.11). */
public record StatusCommand(String tag, String mailbox, List<StatusItem> items) implements ImapCommand {
    public StatusCommand {
        items = List.copyOf(items);
    }
}
