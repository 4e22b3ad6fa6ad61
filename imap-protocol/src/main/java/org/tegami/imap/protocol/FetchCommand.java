package org.tegami.imap.protocol;

import java.util.List;

/**
 * FETCH / UID FETCH (RFC 9051 §6.4.5). The macros ALL, FAST and FULL are expanded by the parser into
 * their items; UID FETCH does not add the UID item here (the session always returns UID for UID FETCH).
 * {@code changedSince} is the CHANGEDSINCE modifier (RFC 7162 §3.1.4), {@link #NO_CHANGEDSINCE} when absent;
 * {@code vanished} the VANISHED modifier (RFC 7162 §3.2.6); {@code partial} the PARTIAL modifier (RFC 9394 §3.2),
 * {@code null} when absent.
 */
public record FetchCommand(String tag, boolean uid, SequenceSet sequenceSet, List<FetchItem> items, long changedSince,
                           boolean vanished, PartialRange partial) implements ImapCommand {

    public static final long NO_CHANGEDSINCE = -1;

    public FetchCommand {
        items = List.copyOf(items);
    }

    public FetchCommand(String tag, boolean uid, SequenceSet sequenceSet, List<FetchItem> items) {
        this(tag, uid, sequenceSet, items, NO_CHANGEDSINCE, false, null);
    }

    public FetchCommand(String tag, boolean uid, SequenceSet sequenceSet, List<FetchItem> items, long changedSince,
                        boolean vanished) {
        this(tag, uid, sequenceSet, items, changedSince, vanished, null);
    }

    /**
     * RFC 9051 §9: fetch = "FETCH" SP sequence-set SP ("ALL" / "FULL" / "FAST" / fetch-att / "(" fetch-att *(SP fetch-att) ")");
     * RFC 7162 §7 (via RFC 4466): [fetch-modifiers]; fetch-modifier = "CHANGEDSINCE" SP mod-sequence-value / "VANISHED".
     */
    static FetchCommand parse(String tag, boolean uid, CommandReader in) {
        in.expectSpace("Missing sequence set");
        SequenceSet sequenceSet = in.readSequenceSet();
        in.expectSpace("Missing FETCH items");
        List<FetchItem> items = FetchItemParser.parseItems(in);
        long changedSince = NO_CHANGEDSINCE;
        boolean vanished = false;
        PartialRange partial = null;
        if (in.tryConsume(' ')) {
            in.expect('(', "Invalid FETCH modifiers");
            do {
                switch (in.readWord("Invalid FETCH modifier")) {
                    case "CHANGEDSINCE" -> {
                        if (changedSince != NO_CHANGEDSINCE) {
                            throw in.fail("CHANGEDSINCE given twice");
                        }
                        in.expectSpace("Missing CHANGEDSINCE value");
                        changedSince = in.readModSeq("Invalid CHANGEDSINCE value");
                    }
                    case "VANISHED" -> vanished = true;
                    // RFC 9394 §3.2
                    case "PARTIAL" -> {
                        if (partial != null) {
                            throw in.fail("PARTIAL given twice");
                        }
                        in.expectSpace("Missing PARTIAL range");
                        partial = PartialRange.parse(in);
                    }
                    default -> throw in.fail("Unknown FETCH modifier");
                }
            } while (in.tryConsume(' '));
            in.expect(')', "Invalid FETCH modifiers");
            // RFC 7162 §3.2.6: VANISHED only together with CHANGEDSINCE.
            if (vanished && changedSince == NO_CHANGEDSINCE) {
                throw in.fail("VANISHED requires CHANGEDSINCE");
            }
        }
        return new FetchCommand(tag, uid, sequenceSet, items, changedSince, vanished, partial);
    }
}
