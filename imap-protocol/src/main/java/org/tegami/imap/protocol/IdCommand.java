package org.tegami.imap.protocol;

import java.util.Map;

/** ID (RFC 2971): the client's field/value pairs in order, or {@code null} for {@code ID NIL}; NIL values are {@code null}. */
public record IdCommand(String tag, Map<String, String> fields) implements ImapCommand {
}
