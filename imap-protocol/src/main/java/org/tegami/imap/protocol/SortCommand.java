package org.tegami.imap.protocol;

import java.util.ArrayList;
import java.util.List;

/**
 * SORT / UID SORT (RFC 5256 §3): sort criteria in order, the charset of the search strings, the search key, and
 * for ESORT (RFC 5267 §3) the RETURN options ({@code returnSpecified} true when RETURN was given, even empty)
 * and a PARTIAL range (RFC 9394, {@code null} when absent).
 */
public record SortCommand(String tag, boolean uid, List<Criterion> criteria, String charset, SearchKey key,
                          java.util.Set<SearchReturnOption> returnOptions, boolean returnSpecified,
                          PartialRange partial) implements ImapCommand {

    public SortCommand {
        criteria = List.copyOf(criteria);
        returnOptions = java.util.Set.copyOf(returnOptions);
    }

    /** Whether RETURN (UPDATE) asks the server to keep the result up to date (RFC 5267 §4.3). */
    public boolean update() {
        return returnOptions.contains(SearchReturnOption.UPDATE);
    }

    /** A SORT without RETURN. */
    public SortCommand(String tag, boolean uid, List<Criterion> criteria, String charset, SearchKey key) {
        this(tag, uid, criteria, charset, key, java.util.Set.of(), false, null);
    }

    /** RFC 5256 §5: sort-key; DISPLAYFROM and DISPLAYTO from RFC 5957 §4. */
    public enum Key { ARRIVAL, CC, DATE, FROM, SIZE, SUBJECT, TO, DISPLAYFROM, DISPLAYTO }

    /** RFC 5256 §5: sort-criterion = ["REVERSE" SP] sort-key. */
    public record Criterion(Key key, boolean reverse) {
    }

    /**
     * RFC 5256 §5: sort = ["UID" SP] "SORT" SP sort-criteria SP search-criteria; sort-criteria = "(" sort-criterion
     * *(SP sort-criterion) ")"; search-criteria = charset 1*(SP search-key).
     */
    static SortCommand parse(String tag, boolean uid, CommandReader in) {
        in.expectSpace("Missing sort criteria");
        java.util.Set<SearchReturnOption> returnOptions = java.util.EnumSet.noneOf(SearchReturnOption.class);
        boolean returnSpecified = false;
        PartialRange partial = null;
        // RFC 5267 §3: sort =/ "SORT" [search-return-opts] SP sort-criteria SP search-criteria
        if (in.tryWord("RETURN")) {
            returnSpecified = true;
            in.expectSpace("Missing RETURN options");
            in.expect('(', "Missing RETURN options");
            if (!in.tryConsume(')')) {
                do {
                    String option = in.readWord("Invalid RETURN option");
                    if (option.equals("PARTIAL") && partial == null) {
                        in.expectSpace("Missing PARTIAL range");
                        partial = PartialRange.parse(in);
                        continue;
                    }
                    returnOptions.add(switch (option) {
                        case "MIN" -> SearchReturnOption.MIN;
                        case "MAX" -> SearchReturnOption.MAX;
                        case "ALL" -> SearchReturnOption.ALL;
                        case "COUNT" -> SearchReturnOption.COUNT;
                        // RFC 5267 §4.1: CONTEXT=SORT adds CONTEXT and UPDATE (and PARTIAL) to the extended SORT.
                        case "CONTEXT" -> SearchReturnOption.CONTEXT;
                        case "UPDATE" -> SearchReturnOption.UPDATE;
                        default -> throw in.fail("Unknown RETURN option");
                    });
                } while (in.tryConsume(' '));
                in.expect(')', "Invalid RETURN options");
                if (partial != null && returnOptions.contains(SearchReturnOption.ALL)) {
                    throw in.fail("PARTIAL and ALL cannot be combined");
                }
            }
            in.expectSpace("Missing sort criteria");
        }
        in.expect('(', "Missing sort criteria");
        List<Criterion> criteria = new ArrayList<>();
        do {
            boolean reverse = false;
            if (in.tryWord("REVERSE")) {
                reverse = true;
                in.expectSpace("Missing sort key");
            }
            Key key = switch (in.readWord("Missing sort key")) {
                case "ARRIVAL" -> Key.ARRIVAL;
                case "CC" -> Key.CC;
                case "DATE" -> Key.DATE;
                case "FROM" -> Key.FROM;
                case "SIZE" -> Key.SIZE;
                case "SUBJECT" -> Key.SUBJECT;
                case "TO" -> Key.TO;
                case "DISPLAYFROM" -> Key.DISPLAYFROM;
                case "DISPLAYTO" -> Key.DISPLAYTO;
                default -> throw in.fail("Unknown sort key");
            };
            criteria.add(new Criterion(key, reverse));
        } while (in.tryConsume(' '));
        in.expect(')', "Invalid sort criteria");
        in.expectSpace("Missing charset");
        String charset = in.readAstring("Missing charset");
        in.expectSpace("Missing search criteria");
        return new SortCommand(tag, uid, criteria, charset, SearchKeyParser.parseProgram(in), returnOptions,
                returnSpecified, partial);
    }
}
