package org.tegami.imap.protocol;

import java.util.Set;

/**
 * SEARCH / UID SEARCH (RFC 9051 §6.4.4). {@code returnSpecified} is true when a {@code RETURN (...)}
 * clause was present (even an empty one, which means ALL); {@code charset} is {@code null} when absent
 * (the session checks whether it is supported: BADCHARSET). Several top-level keys are one {@link SearchKey.And}.
 */
public record SearchCommand(
        String tag,
        boolean uid,
        Set<SearchReturnOption> returnOptions,
        boolean returnSpecified,
        String charset,
        SearchKey key) implements ImapCommand {
    public SearchCommand {
        returnOptions = Set.copyOf(returnOptions);
    }
}
