package org.tegami.imap.protocol;

import java.util.List;

/** ENABLE (RFC 9051 §6.3.1): capability names as sent (the session compares case-insensitively). */
public record EnableCommand(String tag, List<String> capabilities) implements ImapCommand {
    public EnableCommand {
        capabilities = List.copyOf(capabilities);
    }
}
