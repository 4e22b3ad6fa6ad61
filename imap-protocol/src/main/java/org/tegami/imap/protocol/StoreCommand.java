package org.tegami.imap.protocol;

import java.util.ArrayList;
import java.util.List;

/** STORE / UID STORE (RFC 9051 §6.4.6): mode, {@code .SILENT}, and the flags as sent. */
public record StoreCommand(
        String tag, boolean uid, SequenceSet sequenceSet, StoreMode mode, boolean silent, List<String> flags)
        implements ImapCommand {
    public StoreCommand {
        flags = List.copyOf(flags);
    }

    /**
     * RFC 9051 §9: store = "STORE" SP sequence-set SP store-att-flags;
     * store-att-flags = (["+" / "-"] "FLAGS" [".SILENT"]) SP (flag-list / (flag *(SP flag))).
     */
    static StoreCommand parse(String tag, boolean uid, CommandReader in) {
        in.expectSpace("Missing sequence set");
        SequenceSet sequenceSet = in.readSequenceSet();
        in.expectSpace("Missing STORE data item");
        StoreMode mode = in.tryConsume('+') ? StoreMode.ADD : in.tryConsume('-') ? StoreMode.REMOVE : StoreMode.REPLACE;
        boolean silent = switch (in.readWord("Missing STORE data item")) {
            case "FLAGS" -> false;
            case "FLAGS.SILENT" -> true;
            default -> throw in.fail("Unknown STORE data item");
        };
        in.expectSpace("Missing flags");
        List<String> flags;
        if (in.peek() == '(') {
            flags = in.readFlagList();
        } else {
            flags = new ArrayList<>();
            do {
                flags.add(in.readFlag());
            } while (in.tryConsume(' '));
        }
        return new StoreCommand(tag, uid, sequenceSet, mode, silent, flags);
    }
}
