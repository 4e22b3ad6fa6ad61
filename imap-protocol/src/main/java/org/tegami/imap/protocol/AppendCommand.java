package org.tegami.imap.protocol;

import java.util.List;

/** APPEND (RFC 9051 §6.3.12), with several messages for MULTIAPPEND (RFC 3502). */
public record AppendCommand(String tag, String mailbox, List<AppendMessage> messages) implements ImapCommand {
    public AppendCommand {
        messages = List.copyOf(messages);
    }
}
