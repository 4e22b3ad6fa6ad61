package org.tegami.imap.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.tegami.imap.protocol.CommandParserTest.invalid;
import static org.tegami.imap.protocol.CommandParserTest.parsed;
import static org.tegami.imap.protocol.CommandParserTest.seq;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** SEARCH (RFC 9051 §6.4.4): every key mapped to the {@link SearchKey} algebra, RETURN, CHARSET, and errors. */
class SearchKeyParserTest {

    private static final LocalDate DATE = LocalDate.of(2024, 3, 1);

    private static SearchKey flag(String flag, boolean present) {
        return new SearchKey.Flag(flag, present);
    }

    static Stream<Arguments> goodKeys() {
        return Stream.of(
                Arguments.of("ALL", new SearchKey.All()),
                Arguments.of("all", new SearchKey.All()),
                Arguments.of("ANSWERED", flag("\\Answered", true)),
                Arguments.of("UNANSWERED", flag("\\Answered", false)),
                Arguments.of("DELETED", flag("\\Deleted", true)),
                Arguments.of("UNDELETED", flag("\\Deleted", false)),
                Arguments.of("DRAFT", flag("\\Draft", true)),
                Arguments.of("UNDRAFT", flag("\\Draft", false)),
                Arguments.of("FLAGGED", flag("\\Flagged", true)),
                Arguments.of("UNFLAGGED", flag("\\Flagged", false)),
                Arguments.of("SEEN", flag("\\Seen", true)),
                Arguments.of("UNSEEN", flag("\\Seen", false)),
                Arguments.of("KEYWORD $Junk", flag("$Junk", true)),
                Arguments.of("UNKEYWORD work", flag("work", false)),
                Arguments.of("RECENT", new SearchKey.Recent()),
                Arguments.of("NEW", new SearchKey.And(List.of(new SearchKey.Recent(), flag("\\Seen", false)))),
                Arguments.of("OLD", new SearchKey.Not(new SearchKey.Recent())),
                Arguments.of("FROM alice", new SearchKey.Header("From", "alice")),
                Arguments.of("TO \"bob@example.org\"", new SearchKey.Header("To", "bob@example.org")),
                Arguments.of("CC carol", new SearchKey.Header("Cc", "carol")),
                Arguments.of("BCC dave", new SearchKey.Header("Bcc", "dave")),
                Arguments.of("SUBJECT {5}\r\nhello", new SearchKey.Header("Subject", "hello")),
                Arguments.of("HEADER X-Spam yes", new SearchKey.Header("X-Spam", "yes")),
                Arguments.of("HEADER List-Id \"\"", new SearchKey.Header("List-Id", "")),
                Arguments.of("BODY \"caf\u00e9\"", new SearchKey.Body("caf\u00e9")),
                Arguments.of("TEXT meeting", new SearchKey.Text("meeting")),
                Arguments.of("BEFORE 1-Mar-2024", new SearchKey.InternalDate(SearchKey.DateComparison.BEFORE, DATE)),
                Arguments.of("ON 01-mar-2024", new SearchKey.InternalDate(SearchKey.DateComparison.ON, DATE)),
                Arguments.of("SINCE \"1-Mar-2024\"", new SearchKey.InternalDate(SearchKey.DateComparison.SINCE, DATE)),
                Arguments.of("SENTBEFORE 1-Mar-2024", new SearchKey.SentDate(SearchKey.DateComparison.BEFORE, DATE)),
                Arguments.of("SENTON 1-Mar-2024", new SearchKey.SentDate(SearchKey.DateComparison.ON, DATE)),
                Arguments.of("SENTSINCE 1-MAR-2024", new SearchKey.SentDate(SearchKey.DateComparison.SINCE, DATE)),
                Arguments.of("SAVEDBEFORE 1-Mar-2024", new SearchKey.SavedDate(SearchKey.DateComparison.BEFORE, DATE)),
                Arguments.of("SAVEDON \"1-Mar-2024\"", new SearchKey.SavedDate(SearchKey.DateComparison.ON, DATE)),
                Arguments.of("savedsince 1-MAR-2024", new SearchKey.SavedDate(SearchKey.DateComparison.SINCE, DATE)),
                Arguments.of("SAVEDATESUPPORTED", new SearchKey.SaveDateSupported()),
                Arguments.of("EMAILID Ea1b2-c_3", new SearchKey.EmailId("Ea1b2-c_3")),
                Arguments.of("THREADID T0", new SearchKey.ThreadId("T0")),
                Arguments.of("LARGER 1024", new SearchKey.Size(true, 1024)),
                Arguments.of("SMALLER 9000000000", new SearchKey.Size(false, 9_000_000_000L)),
                Arguments.of("OLDER 3600", new SearchKey.Within(true, 3600)),
                Arguments.of("YOUNGER 60", new SearchKey.Within(false, 60)),
                Arguments.of("UID 1:100", new SearchKey.Uids(seq(1, 100))),
                Arguments.of("UID $", new SearchKey.Uids(SequenceSet.SAVED)),
                Arguments.of("1:5,*", new SearchKey.SequenceNumbers(seq(1, 5, SequenceSet.STAR, SequenceSet.STAR))),
                Arguments.of("$", new SearchKey.SequenceNumbers(SequenceSet.SAVED)),
                Arguments.of("NOT SEEN", new SearchKey.Not(flag("\\Seen", true))),
                Arguments.of("OR SEEN FLAGGED", new SearchKey.Or(flag("\\Seen", true), flag("\\Flagged", true))),
                Arguments.of("OR (SEEN FROM a) NOT TO b", new SearchKey.Or(
                        new SearchKey.And(List.of(flag("\\Seen", true), new SearchKey.Header("From", "a"))),
                        new SearchKey.Not(new SearchKey.Header("To", "b")))),
                Arguments.of("(DELETED)", new SearchKey.And(List.of(flag("\\Deleted", true)))),
                Arguments.of("UNSEEN SINCE 1-Mar-2024 1:*", new SearchKey.And(List.of(
                        flag("\\Seen", false),
                        new SearchKey.InternalDate(SearchKey.DateComparison.SINCE, DATE),
                        new SearchKey.SequenceNumbers(seq(1, SequenceSet.STAR))))));
    }

    @ParameterizedTest
    @MethodSource("goodKeys")
    void parsesSearchKey(String keys, SearchKey expected) {
        assertEquals(new SearchCommand("t", false, Set.of(), false, null, expected), parsed("t SEARCH " + keys));
        assertEquals(new SearchCommand("t", true, Set.of(), false, null, expected), parsed("t UID SEARCH " + keys));
    }

    @Test
    void parsesReturnOptionsAndCharset() {
        assertEquals(new SearchCommand("t", false, Set.of(SearchReturnOption.MIN, SearchReturnOption.MAX,
                        SearchReturnOption.COUNT, SearchReturnOption.ALL, SearchReturnOption.SAVE), true, null,
                        new SearchKey.All()),
                parsed("t SEARCH RETURN (MIN MAX COUNT ALL SAVE) ALL"));
        assertEquals(new SearchCommand("t", true, Set.of(), true, null, flag("\\Seen", true)),
                parsed("t UID SEARCH return () SEEN"));
        assertEquals(new SearchCommand("t", false, Set.of(), false, "UTF-8", new SearchKey.Text("\u00e9t\u00e9")),
                parsed("t SEARCH CHARSET UTF-8 TEXT \"\u00e9t\u00e9\""));
        assertEquals(new SearchCommand("t", false, Set.of(SearchReturnOption.COUNT), true, "us-ascii",
                        new SearchKey.All()),
                parsed("t SEARCH RETURN (COUNT) CHARSET \"us-ascii\" ALL"));
    }

    static Stream<Arguments> badSearches() {
        return Stream.of(
                Arguments.of("t SEARCH", "Missing search criteria"),
                Arguments.of("t SEARCH ", "Missing search criteria"),
                Arguments.of("t SEARCH FOO", "Unknown search key"),
                Arguments.of("t SEARCH MODSEQ", "Missing MODSEQ value"),
                Arguments.of("t SEARCH EMAILID a.b", "Invalid object id"),
                Arguments.of("t SEARCH THREADID", "Missing object id"),
                Arguments.of("t SEARCH SEEN  FLAGGED", "Missing search criteria"),
                Arguments.of("t SEARCH SEEN ", "Missing search criteria"),
                Arguments.of("t SEARCH ()", "Missing search criteria"),
                Arguments.of("t SEARCH (SEEN", "Invalid search criteria"),
                Arguments.of("t SEARCH SEEN)", "Unexpected characters at end of command"),
                Arguments.of("t SEARCH NOT", "Missing search key after NOT"),
                Arguments.of("t SEARCH OR SEEN", "Missing second search key after OR"),
                Arguments.of("t SEARCH FROM", "Missing search string"),
                Arguments.of("t SEARCH HEADER Subject", "Missing search string"),
                Arguments.of("t SEARCH KEYWORD \\Seen", "Missing keyword"),
                Arguments.of("t SEARCH SINCE 2024-03-01", "Invalid date"),
                Arguments.of("t SEARCH SINCE 30-Feb-2024", "Invalid date"),
                Arguments.of("t SEARCH SINCE 1-Mar-24", "Invalid date"),
                Arguments.of("t SEARCH SINCE \"1-Mar-2024", "Invalid date"),
                Arguments.of("t SEARCH LARGER x", "Invalid size"),
                Arguments.of("t SEARCH OLDER 0", "Invalid interval"),
                Arguments.of("t SEARCH UID 0", "Invalid sequence set"),
                Arguments.of("t SEARCH 1:0", "Invalid sequence set"),
                Arguments.of("t SEARCH RETURN (FOO) ALL", "Unknown RETURN option"),
                Arguments.of("t SEARCH RETURN (MIN ALL", "Invalid RETURN options"),
                Arguments.of("t SEARCH RETURN ALL", "Missing RETURN options"),
                Arguments.of("t SEARCH CHARSET", "Missing charset"),
                Arguments.of("t SEARCH CHARSET UTF-8", "Missing search criteria"));
    }

    @ParameterizedTest
    @MethodSource("badSearches")
    void rejectsBadSearch(String frame, String message) {
        assertEquals(new ParseResult.Invalid("t", message), invalid(frame));
    }

    @Test
    void limitsNestingOfNotOrAndParentheses() {
        CommandParser parser = new CommandParser(new ImapLimits(1000, 100, 100, 100, 10_000, 3, 10));
        assertEquals(ParseResult.Parsed.class, parser.parse(bytes("t SEARCH NOT NOT NOT SEEN")).getClass());
        assertEquals(new ParseResult.Invalid("t", "Command nested too deeply"),
                parser.parse(bytes("t SEARCH NOT NOT NOT NOT SEEN")));
        assertEquals(ParseResult.Parsed.class, parser.parse(bytes("t SEARCH OR (NOT SEEN) ALL")).getClass());
        assertEquals(new ParseResult.Invalid("t", "Command nested too deeply"),
                parser.parse(bytes("t SEARCH OR (NOT (SEEN)) ALL")));
        assertEquals(new ParseResult.Invalid("t", "Command nested too deeply"),
                parser.parse(bytes("t SEARCH ((((ALL))))")));
    }

    @Test
    void deepNestingWithDefaultLimitsIsRejectedNotOverflowed() {
        String deep = "t SEARCH " + "NOT ".repeat(50_000) + "SEEN";
        assertEquals(new ParseResult.Invalid("t", "Command nested too deeply"),
                CommandParserTest.PARSER.parse(bytes(deep)));
        String parens = "t SEARCH " + "(".repeat(50_000) + "SEEN" + ")".repeat(50_000);
        assertEquals(new ParseResult.Invalid("t", "Command nested too deeply"),
                CommandParserTest.PARSER.parse(bytes(parens)));
    }

    private static byte[] bytes(String frame) {
        return frame.getBytes(StandardCharsets.UTF_8);
    }
}
