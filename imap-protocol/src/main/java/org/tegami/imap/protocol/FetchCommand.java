package org.tegami.imap.protocol;

import java.util.List;

/**
 * FETCH / UID FETCH (RFC 9051 §6.4.5). The macros ALL, FAST and FULL are expanded by the parser into
 * their items; UID FETCH does not add the UID item here (the session always returns UID for UID FETCH).
 */
public record FetchCommand(String tag, boolean uid, SequenceSet sequenceSet, List<FetchItem> items) implements ImapCommand {
    public FetchCommand {
        items = List.copyOf(items);
    }

    /** RFC 9051 §9: fetch = "FETCH" SP sequence-set SP ("ALL" / "FULL" / "FAST" / fetch-att / "(" fetch-att *(SP fetch-att) ")"). */
    static FetchCommand parse(String tag, boolean uid, CommandReader in) {
        in.expectSpace("Missing sequence set");
        SequenceSet sequenceSet = in.readSequenceSet();
        in.expectSpace("Missing FETCH items");
        return new FetchCommand(tag, uid, sequenceSet, FetchItemParser.parseItems(in));
    }
}
