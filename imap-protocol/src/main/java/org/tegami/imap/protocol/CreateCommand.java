package org.tegami.imap.protocol;

import java.util.ArrayList;
import java.util.List;

/** CREATE (RFC 9051 §6.3.4), with CREATE-SPECIAL-USE's {@code (USE (\Drafts …))} attributes (RFC 6154 §3) as sent. */
public record CreateCommand(String tag, String mailbox, List<String> useAttributes) implements ImapCommand {
    public CreateCommand {
        useAttributes = List.copyOf(useAttributes);
    }

    /**
     * RFC 9051 §9: create = "CREATE" SP mailbox [create-params]; RFC 6154 §6:
     * create-param =/ "USE" SP "(" [use-attr *(SP use-attr)] ")", use-attr = "\" atom.
     */
    static CreateCommand parse(String tag, CommandReader in) {
        in.expectSpace("Missing mailbox name");
        String mailbox = in.readMailbox();
        List<String> useAttributes = List.of();
        if (in.tryConsume(' ')) {
            in.expect('(', "Invalid CREATE parameters");
            in.enterNesting();
            if (!in.tryWord("USE")) {
                throw in.fail("Unsupported CREATE parameter");
            }
            in.expectSpace("Missing USE attributes");
            in.expect('(', "Invalid USE attributes");
            in.enterNesting();
            useAttributes = new ArrayList<>();
            if (!in.tryConsume(')')) {
                do {
                    if (in.peek() != '\\') {
                        throw in.fail("Invalid USE attribute");
                    }
                    useAttributes.add(in.readFlag());
                } while (in.tryConsume(' '));
                in.expect(')', "Invalid USE attributes");
            }
            in.leaveNesting();
            in.expect(')', "Invalid CREATE parameters");
            in.leaveNesting();
        }
        return new CreateCommand(tag, mailbox, useAttributes);
    }
}
