package org.tegami.imap.protocol;

import java.util.ArrayList;
import java.util.List;

/**
 * CANCELUPDATE (RFC 5267 §4.3.5): stops the updates of the contexts created by the searching commands with these
 * tags. The tags are as the client sent them, in order.
 */
public record CancelUpdateCommand(String tag, List<String> tags) implements ImapCommand {

    public CancelUpdateCommand {
        tags = List.copyOf(tags);
        if (tags.isEmpty()) {
            throw new IllegalArgumentException("CANCELUPDATE names at least one tag");
        }
    }

    /** RFC 5267 §5: command-select =/ "CANCELUPDATE" 1*(SP quoted). */
    static CancelUpdateCommand parse(String tag, CommandReader in) {
        List<String> tags = new ArrayList<>();
        in.expectSpace("Missing tag to cancel");
        do {
            tags.add(in.readQuotedString("Expected a quoted tag"));
        } while (in.tryConsume(' '));
        return new CancelUpdateCommand(tag, tags);
    }
}
