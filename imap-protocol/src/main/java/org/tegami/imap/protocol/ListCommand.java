package org.tegami.imap.protocol;

import java.util.List;
import java.util.Set;

/**
 * LIST (RFC 9051 §6.3.9) including LIST-EXTENDED (RFC 5258): selection options, the reference name,
 * one or more mailbox patterns (several only in the parenthesised extended form), and return options.
 * {@code extended} is true when the command used any extended syntax (selection options, a pattern list,
 * or RETURN).
 */
public record ListCommand(
        String tag,
        Set<ListSelectOption> selectOptions,
        String reference,
        List<String> patterns,
        ListReturnOptions returnOptions,
        boolean extended) implements ImapCommand {
    public ListCommand {
        selectOptions = Set.copyOf(selectOptions);
        patterns = List.copyOf(patterns);
    }
}
