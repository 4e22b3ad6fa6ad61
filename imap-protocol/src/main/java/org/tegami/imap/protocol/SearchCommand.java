package org.tegami.imap.protocol;

import java.util.EnumSet;
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
        SearchKey key,
        PartialRange partial) implements ImapCommand {
    public SearchCommand {
        returnOptions = Set.copyOf(returnOptions);
    }

    /** Whether RETURN (UPDATE) asks the server to keep the result up to date (RFC 5267 §4.3). */
    public boolean update() {
        return returnOptions.contains(SearchReturnOption.UPDATE);
    }

    /** A SEARCH without RETURN (PARTIAL ...). */
    public SearchCommand(String tag, boolean uid, Set<SearchReturnOption> returnOptions, boolean returnSpecified,
                         String charset, SearchKey key) {
        this(tag, uid, returnOptions, returnSpecified, charset, key, null);
    }

    /**
     * RFC 9051 §9: search = "SEARCH" [search-return-opts] SP search-program;
     * search-return-opts = SP "RETURN" SP "(" [search-return-opt *(SP search-return-opt)] ")";
     * search-program = ["CHARSET" SP charset SP] search-key *(SP search-key).
     */
    static SearchCommand parse(String tag, boolean uid, CommandReader in) {
        in.expectSpace("Missing search criteria");
        Set<SearchReturnOption> returnOptions = EnumSet.noneOf(SearchReturnOption.class);
        boolean returnSpecified = false;
        PartialRange partial = null;
        if (in.tryWord("RETURN")) {
            returnSpecified = true;
            in.expectSpace("Missing RETURN options");
            in.expect('(', "Missing RETURN options");
            if (!in.tryConsume(')')) {
                do {
                    // RFC 4731 §3, RFC 5182 §2 (SAVE), RFC 9394 §3.1 (PARTIAL), RFC 5267 §4.2 and §4.3 (CONTEXT,
                    // UPDATE)
                    String option = in.readWord("Invalid RETURN option");
                    if (option.equals("PARTIAL")) {
                        if (partial != null) {
                            throw in.fail("PARTIAL given twice");
                        }
                        in.expectSpace("Missing PARTIAL range");
                        partial = PartialRange.parse(in);
                        continue;
                    }
                    returnOptions.add(switch (option) {
                        case "MIN" -> SearchReturnOption.MIN;
                        case "MAX" -> SearchReturnOption.MAX;
                        case "ALL" -> SearchReturnOption.ALL;
                        case "COUNT" -> SearchReturnOption.COUNT;
                        case "SAVE" -> SearchReturnOption.SAVE;
                        case "CONTEXT" -> SearchReturnOption.CONTEXT;
                        case "UPDATE" -> SearchReturnOption.UPDATE;
                        default -> throw in.fail("Unknown RETURN option");
                    });
                } while (in.tryConsume(' '));
                // RFC 9394 §3.1: PARTIAL and ALL exclude each other.
                if (partial != null && returnOptions.contains(SearchReturnOption.ALL)) {
                    throw in.fail("PARTIAL and ALL cannot be combined");
                }
                in.expect(')', "Invalid RETURN options");
            }
            in.expectSpace("Missing search criteria");
        }
        String charset = null;
        if (in.tryWord("CHARSET")) {
            in.expectSpace("Missing charset");
            charset = in.readAstring("Missing charset");
            in.expectSpace("Missing search criteria");
        }
        SearchKey key = SearchKeyParser.parseProgram(in);
        return new SearchCommand(tag, uid, returnOptions, returnSpecified, charset, key, partial);
    }
}
