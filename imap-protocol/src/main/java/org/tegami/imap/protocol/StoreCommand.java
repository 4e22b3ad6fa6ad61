package org.tegami.imap.protocol;

import java.util.ArrayList;
import java.util.List;

/**
 * STORE / UID STORE (RFC 9051 §6.4.6): mode, {@code .SILENT}, the flags as sent, and the UNCHANGEDSINCE
 * modifier (RFC 7162 §3.1.3), {@link #NO_UNCHANGEDSINCE} when absent.
 */
public record StoreCommand(
        String tag, boolean uid, SequenceSet sequenceSet, StoreMode mode, boolean silent, List<String> flags,
        long unchangedSince)
        implements ImapCommand {

    public static final long NO_UNCHANGEDSINCE = -1;

    public StoreCommand {
        flags = List.copyOf(flags);
    }

    public StoreCommand(String tag, boolean uid, SequenceSet sequenceSet, StoreMode mode, boolean silent,
                        List<String> flags) {
        this(tag, uid, sequenceSet, mode, silent, flags, NO_UNCHANGEDSINCE);
    }

    /**
     * RFC 9051 §9: store = "STORE" SP sequence-set SP store-att-flags;
     * store-att-flags = (["+" / "-"] "FLAGS" [".SILENT"]) SP (flag-list / (flag *(SP flag)));
     * RFC 7162 §7 (via RFC 4466): sequence-set [store-modifiers]; store-modifier = "UNCHANGEDSINCE" SP mod-sequence-valzer.
     */
    static StoreCommand parse(String tag, boolean uid, CommandReader in) {
        in.expectSpace("Missing sequence set");
        SequenceSet sequenceSet = in.readSequenceSet();
        in.expectSpace("Missing STORE data item");
        long unchangedSince = NO_UNCHANGEDSINCE;
        if (in.tryConsume('(')) {
            do {
                if (!in.tryWord("UNCHANGEDSINCE") || unchangedSince != NO_UNCHANGEDSINCE) {
                    throw in.fail("Unknown STORE modifier");
                }
                in.expectSpace("Missing UNCHANGEDSINCE value");
                unchangedSince = in.readModSeqOrZero("Invalid UNCHANGEDSINCE value");
            } while (in.tryConsume(' '));
            in.expect(')', "Invalid STORE modifiers");
            in.expectSpace("Missing STORE data item");
        }
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
        return new StoreCommand(tag, uid, sequenceSet, mode, silent, flags, unchangedSince);
    }
}
