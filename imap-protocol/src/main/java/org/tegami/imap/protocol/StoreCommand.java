package org.tegami.imap.protocol;

import java.util.List;

/** STORE / UID STORE (RFC 9051 §6.4.6): mode, {@code .SILENT}, and the flags as sent. */
public record StoreCommand(
        String tag, boolean uid, SequenceSet sequenceSet, StoreMode mode, boolean silent, List<String> flags)
        implements ImapCommand {
    public StoreCommand {
        flags = List.copyOf(flags);
    }
}
