package org.tegami.imap.protocol;

import java.util.ArrayList;
import java.util.List;

/** STATUS (RFC 9051 §6.3.11). */
public record StatusCommand(String tag, String mailbox, List<StatusItem> items) implements ImapCommand {
    public StatusCommand {
        items = List.copyOf(items);
    }

    /** RFC 9051 §9: status = "STATUS" SP mailbox SP "(" status-att *(SP status-att) ")". */
    static StatusCommand parse(String tag, CommandReader in) {
        in.expectSpace("Missing mailbox name");
        String mailbox = in.readMailbox();
        in.expectSpace("Missing status items");
        return new StatusCommand(tag, mailbox, parseItems(in));
    }

    /** "(" status-att *(SP status-att) ")", shared with LIST ... RETURN (STATUS (...)) (RFC 5819 §2). */
    static List<StatusItem> parseItems(CommandReader in) {
        in.expect('(', "Missing status items");
        in.enterNesting();
        List<StatusItem> items = new ArrayList<>();
        do {
            // RFC 9051 §9: status-att; RECENT from RFC 3501 §9.
            items.add(switch (in.readWord("Invalid status item")) {
                case "MESSAGES" -> StatusItem.MESSAGES;
                case "UIDNEXT" -> StatusItem.UIDNEXT;
                case "UIDVALIDITY" -> StatusItem.UIDVALIDITY;
                case "UNSEEN" -> StatusItem.UNSEEN;
                case "DELETED" -> StatusItem.DELETED;
                case "SIZE" -> StatusItem.SIZE;
                case "RECENT" -> StatusItem.RECENT;
                // RFC 7162 §3.1.7
                case "HIGHESTMODSEQ" -> StatusItem.HIGHESTMODSEQ;
                // RFC 8474 §4.3
                case "MAILBOXID" -> StatusItem.MAILBOXID;
                // RFC 9208 §4.2
                case "DELETED-STORAGE" -> StatusItem.DELETED_STORAGE;
                default -> throw in.fail("Unknown status item");
            });
        } while (in.tryConsume(' '));
        in.expect(')', "Invalid status items");
        in.leaveNesting();
        return items;
    }
}
