package org.tegami.imap.protocol;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads SEARCH criteria (RFC 9051 §6.4.4 and §9 search-key; NEW, OLD and RECENT from RFC 3501; OLDER and
 * YOUNGER from RFC 5032) into the {@link SearchKey} algebra. Every parenthesised group, NOT and OR counts
 * as one level of nesting against {@link ImapLimits#maxNestingDepth()}.
 */
final class SearchKeyParser {

    private SearchKeyParser() {
    }

    /** search-key *(SP search-key): one key, or {@link SearchKey.And} of several. */
    static SearchKey parseProgram(CommandReader in) {
        List<SearchKey> keys = parseKeys(in);
        return keys.size() == 1 ? keys.getFirst() : new SearchKey.And(keys);
    }

    private static List<SearchKey> parseKeys(CommandReader in) {
        List<SearchKey> keys = new ArrayList<>();
        do {
            keys.add(parseKey(in));
        } while (in.tryConsume(' '));
        return keys;
    }

    private static SearchKey parseKey(CommandReader in) {
        int next = in.peek();
        if (next == '(') {
            // "(" search-key *(SP search-key) ")"
            in.skip();
            in.enterNesting();
            List<SearchKey> keys = parseKeys(in);
            in.expect(')', "Invalid search criteria");
            in.leaveNesting();
            return new SearchKey.And(keys);
        }
        if ((next >= '0' && next <= '9') || next == '*' || next == '$') {
            return new SearchKey.SequenceNumbers(in.readSequenceSet());
        }
        return switch (in.readWord("Missing search criteria")) {
            case "ALL" -> new SearchKey.All();
            case "ANSWERED" -> flag("\\Answered", true);
            case "UNANSWERED" -> flag("\\Answered", false);
            case "DELETED" -> flag("\\Deleted", true);
            case "UNDELETED" -> flag("\\Deleted", false);
            case "DRAFT" -> flag("\\Draft", true);
            case "UNDRAFT" -> flag("\\Draft", false);
            case "FLAGGED" -> flag("\\Flagged", true);
            case "UNFLAGGED" -> flag("\\Flagged", false);
            case "SEEN" -> flag("\\Seen", true);
            case "UNSEEN" -> flag("\\Seen", false);
            case "KEYWORD" -> flag(keywordArgument(in), true);
            case "UNKEYWORD" -> flag(keywordArgument(in), false);
            // RFC 3501 §6.4.4: NEW = RECENT UNSEEN, OLD = NOT RECENT
            case "RECENT" -> new SearchKey.Recent();
            case "NEW" -> new SearchKey.And(List.of(new SearchKey.Recent(), flag("\\Seen", false)));
            case "OLD" -> new SearchKey.Not(new SearchKey.Recent());
            case "FROM" -> new SearchKey.Header("From", stringArgument(in));
            case "TO" -> new SearchKey.Header("To", stringArgument(in));
            case "CC" -> new SearchKey.Header("Cc", stringArgument(in));
            case "BCC" -> new SearchKey.Header("Bcc", stringArgument(in));
            case "SUBJECT" -> new SearchKey.Header("Subject", stringArgument(in));
            case "HEADER" -> {
                in.expectSpace("Missing header field name");
                String field = in.readAstring("Missing header field name");
                yield new SearchKey.Header(field, stringArgument(in));
            }
            case "BODY" -> new SearchKey.Body(stringArgument(in));
            case "TEXT" -> new SearchKey.Text(stringArgument(in));
            case "BEFORE" -> new SearchKey.InternalDate(SearchKey.DateComparison.BEFORE, dateArgument(in));
            case "ON" -> new SearchKey.InternalDate(SearchKey.DateComparison.ON, dateArgument(in));
            case "SINCE" -> new SearchKey.InternalDate(SearchKey.DateComparison.SINCE, dateArgument(in));
            case "SENTBEFORE" -> new SearchKey.SentDate(SearchKey.DateComparison.BEFORE, dateArgument(in));
            case "SENTON" -> new SearchKey.SentDate(SearchKey.DateComparison.ON, dateArgument(in));
            case "SENTSINCE" -> new SearchKey.SentDate(SearchKey.DateComparison.SINCE, dateArgument(in));
            // RFC 8514 §4.2
            case "SAVEDBEFORE" -> new SearchKey.SavedDate(SearchKey.DateComparison.BEFORE, dateArgument(in));
            case "SAVEDON" -> new SearchKey.SavedDate(SearchKey.DateComparison.ON, dateArgument(in));
            case "SAVEDSINCE" -> new SearchKey.SavedDate(SearchKey.DateComparison.SINCE, dateArgument(in));
            case "SAVEDATESUPPORTED" -> new SearchKey.SaveDateSupported();
            // RFC 8474 §6: "EMAILID" SP objectid / "THREADID" SP objectid
            case "EMAILID" -> new SearchKey.EmailId(objectIdArgument(in));
            case "THREADID" -> new SearchKey.ThreadId(objectIdArgument(in));
            // RFC 9051 §9: "LARGER" SP number64 / "SMALLER" SP number64
            case "LARGER" -> new SearchKey.Size(true, sizeArgument(in));
            case "SMALLER" -> new SearchKey.Size(false, sizeArgument(in));
            // RFC 5032 §3: "OLDER" SP nz-number / "YOUNGER" SP nz-number
            case "OLDER" -> new SearchKey.Within(true, intervalArgument(in));
            case "YOUNGER" -> new SearchKey.Within(false, intervalArgument(in));
            // RFC 7162 §7: "MODSEQ" [search-modsequence-ext] SP mod-sequence-valzer;
            // search-modsequence-ext = SP entry-name SP entry-type-req
            case "MODSEQ" -> {
                in.expectSpace("Missing MODSEQ value");
                if (in.peek() == '"') {
                    String entry = in.readAstring("Invalid MODSEQ entry name");
                    if (!entry.toLowerCase(java.util.Locale.ROOT).startsWith("/flags/") || entry.length() == 7) {
                        throw in.fail("Invalid MODSEQ entry name");
                    }
                    in.expectSpace("Missing MODSEQ entry type");
                    String type = in.readWord("Missing MODSEQ entry type");
                    if (!type.equals("PRIV") && !type.equals("SHARED") && !type.equals("ALL")) {
                        throw in.fail("Invalid MODSEQ entry type");
                    }
                    in.expectSpace("Missing MODSEQ value");
                }
                yield new SearchKey.ModSeq(in.readModSeqOrZero("Invalid MODSEQ value"));
            }
            case "UID" -> {
                in.expectSpace("Missing UID set");
                yield new SearchKey.Uids(in.readSequenceSet());
            }
            case "NOT" -> {
                in.expectSpace("Missing search key after NOT");
                in.enterNesting();
                SearchKey negated = parseKey(in);
                in.leaveNesting();
                yield new SearchKey.Not(negated);
            }
            case "OR" -> {
                in.expectSpace("Missing search key after OR");
                in.enterNesting();
                SearchKey left = parseKey(in);
                in.expectSpace("Missing second search key after OR");
                SearchKey right = parseKey(in);
                in.leaveNesting();
                yield new SearchKey.Or(left, right);
            }
            default -> throw in.fail("Unknown search key");
        };
    }

    private static SearchKey flag(String flag, boolean present) {
        return new SearchKey.Flag(flag, present);
    }

    /** RFC 9051 §9: flag-keyword = atom. */
    private static String keywordArgument(CommandReader in) {
        in.expectSpace("Missing keyword");
        return in.readAtom("Missing keyword");
    }

    private static String stringArgument(CommandReader in) {
        in.expectSpace("Missing search string");
        return in.readAstring("Missing search string");
    }

    /** RFC 8474 §7: objectid = 1*255(ALPHA / DIGIT / "_" / "-"). */
    private static String objectIdArgument(CommandReader in) {
        in.expectSpace("Missing object id");
        String id = in.readAtom("Missing object id");
        if (id.length() > 255 || !id.matches("[A-Za-z0-9_-]+")) {
            throw in.fail("Invalid object id");
        }
        return id;
    }

    private static LocalDate dateArgument(CommandReader in) {
        in.expectSpace("Missing date");
        return in.readDate();
    }

    private static long sizeArgument(CommandReader in) {
        in.expectSpace("Missing size");
        return in.readNumber64("Invalid size");
    }

    private static long intervalArgument(CommandReader in) {
        in.expectSpace("Missing interval");
        return in.readNzNumber("Invalid interval");
    }
}
