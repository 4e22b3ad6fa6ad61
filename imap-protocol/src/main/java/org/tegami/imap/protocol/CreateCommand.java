package org.tegami.imap.protocol;

import java.util.List;

/** CREATE (RFC 9051 §6.3.4), with CREATE-SPECIAL-USE's {@code (USE (\Drafts …))} attributes (RFC 6154 §3) as sent. */
public record CreateCommand(String tag, String mailbox, List<String> useAttributes) implements ImapCommand {
    public CreateCommand {
        useAttributes = List.copyOf(useAttributes);
    }
}
