package org.tegami.imap.protocol;

import java.util.ArrayList;
import java.util.List;

/** SORT / UID SORT (RFC 5256 §3): sort criteria in order, the charset of the search strings, the search key. */
public record SortCommand(String tag, boolean uid, List<Criterion> criteria, String charset, SearchKey key)
        implements ImapCommand {

    public SortCommand {
        criteria = List.copyOf(criteria);
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
        return new SortCommand(tag, uid, criteria, charset, SearchKeyParser.parseProgram(in));
    }
}
