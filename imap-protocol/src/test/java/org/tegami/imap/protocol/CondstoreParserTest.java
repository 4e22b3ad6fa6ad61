package org.tegami.imap.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.tegami.imap.protocol.CommandParserTest.invalid;
import static org.tegami.imap.protocol.CommandParserTest.parsed;
import static org.tegami.imap.protocol.CommandParserTest.seq;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The grammar the extensions add: SELECT/EXAMINE parameters, FETCH and STORE modifiers, MODSEQ, HIGHESTMODSEQ
 * (RFC 7162 §7), PARTIAL (RFC 9394), SORT (RFC 5256, 5957).
 */
class CondstoreParserTest {

    static Stream<Arguments> goodCommands() {
        List<FetchItem> flags = List.of(new FetchItem.Flags());
        return Stream.of(
                Arguments.of("x SELECT INBOX (CONDSTORE)",
                        new SelectCommand("x", "INBOX", new SelectParameters(true, null))),
                Arguments.of("x EXAMINE INBOX (condstore)",
                        new ExamineCommand("x", "INBOX", new SelectParameters(true, null))),
                Arguments.of("x SELECT INBOX (QRESYNC (67890007 90060115194045000))",
                        new SelectCommand("x", "INBOX", new SelectParameters(false,
                                new SelectParameters.Qresync(67890007, 90060115194045000L, null, null, null)))),
                Arguments.of("x SELECT INBOX (QRESYNC (67890007 90060115194045000 41:211,214:541))",
                        new SelectCommand("x", "INBOX", new SelectParameters(false,
                                new SelectParameters.Qresync(67890007, 90060115194045000L, seq(41, 211, 214, 541),
                                        null, null)))),
                // RFC 7162 §3.2.5.2 example: known UIDs and sequence-match data.
                Arguments.of("x EXAMINE INBOX (QRESYNC (67890007 90060115194045000 1:29997 (5000,7500,9000,9990:9999"
                        + " 15000,22500,27000,29970,29973,29976,29979,29982,29985,29988,29991,29994,29997)))",
                        new ExamineCommand("x", "INBOX", new SelectParameters(false,
                                new SelectParameters.Qresync(67890007, 90060115194045000L, seq(1, 29997),
                                        seq(5000, 5000, 7500, 7500, 9000, 9000, 9990, 9999),
                                        seq(15000, 15000, 22500, 22500, 27000, 27000, 29970, 29970, 29973, 29973,
                                                29976, 29976, 29979, 29979, 29982, 29982, 29985, 29985, 29988,
                                                29988, 29991, 29991, 29994, 29994, 29997, 29997))))),
                Arguments.of("x SELECT INBOX (QRESYNC (7 3 (1:2 10:11)) CONDSTORE)",
                        new SelectCommand("x", "INBOX", new SelectParameters(true,
                                new SelectParameters.Qresync(7, 3, null, seq(1, 2), seq(10, 11))))),
                Arguments.of("x FETCH 1:* (FLAGS MODSEQ)",
                        new FetchCommand("x", false, seq(1, SequenceSet.STAR),
                                List.of(new FetchItem.Flags(), new FetchItem.ModSeq()))),
                Arguments.of("x FETCH 1:* FLAGS (CHANGEDSINCE 12345)",
                        new FetchCommand("x", false, seq(1, SequenceSet.STAR), flags, 12345, false)),
                // RFC 9394 PARTIAL, for SEARCH RETURN and as a FETCH modifier
                Arguments.of("x UID SEARCH RETURN (PARTIAL -1:-100 COUNT) UNSEEN",
                        new SearchCommand("x", true, java.util.Set.of(SearchReturnOption.COUNT), true, null,
                                new SearchKey.Flag("\\Seen", false), new PartialRange(-1, -100))),
                Arguments.of("x SEARCH RETURN (PARTIAL 100:1) ALL",
                        new SearchCommand("x", false, java.util.Set.of(), true, null, new SearchKey.All(),
                                new PartialRange(1, 100))),
                Arguments.of("x UID FETCH 1:* (FLAGS) (PARTIAL -30:-1)",
                        new FetchCommand("x", true, seq(1, SequenceSet.STAR), flags, -1, false,
                                new PartialRange(-1, -30))),
                // RFC 5256 SORT
                Arguments.of("x SORT (REVERSE ARRIVAL subject) UTF-8 ALL",
                        new SortCommand("x", false, List.of(new SortCommand.Criterion(SortCommand.Key.ARRIVAL, true),
                                new SortCommand.Criterion(SortCommand.Key.SUBJECT, false)), "UTF-8",
                                new SearchKey.All())),
                Arguments.of("x UID SORT RETURN (MIN COUNT PARTIAL 1:10) (DATE) UTF-8 ALL",
                        new SortCommand("x", true, List.of(new SortCommand.Criterion(SortCommand.Key.DATE, false)),
                                "UTF-8", new SearchKey.All(),
                                java.util.Set.of(SearchReturnOption.MIN, SearchReturnOption.COUNT), true,
                                new PartialRange(1, 10))),
                Arguments.of("x SORT RETURN () (DATE) UTF-8 ALL",
                        new SortCommand("x", false, List.of(new SortCommand.Criterion(SortCommand.Key.DATE, false)),
                                "UTF-8", new SearchKey.All(), java.util.Set.of(), true, null)),
                Arguments.of("x UID THREAD ORDEREDSUBJECT UTF-8 SEEN",
                        new ThreadCommand("x", true, "ORDEREDSUBJECT", "UTF-8", new SearchKey.Flag("\\Seen", true))),
                Arguments.of("x SORT (DISPLAYFROM REVERSE DISPLAYTO) UTF-8 ALL",
                        new SortCommand("x", false, List.of(
                                new SortCommand.Criterion(SortCommand.Key.DISPLAYFROM, false),
                                new SortCommand.Criterion(SortCommand.Key.DISPLAYTO, true)), "UTF-8",
                                new SearchKey.All())),
                Arguments.of("x UID SORT (CC DATE FROM SIZE TO) US-ASCII SEEN 1:5",
                        new SortCommand("x", true, List.of(new SortCommand.Criterion(SortCommand.Key.CC, false),
                                new SortCommand.Criterion(SortCommand.Key.DATE, false),
                                new SortCommand.Criterion(SortCommand.Key.FROM, false),
                                new SortCommand.Criterion(SortCommand.Key.SIZE, false),
                                new SortCommand.Criterion(SortCommand.Key.TO, false)), "US-ASCII",
                                new SearchKey.And(List.of(new SearchKey.Flag("\\Seen", true),
                                        new SearchKey.SequenceNumbers(seq(1, 5)))))),
                Arguments.of("x FETCH 1 PREVIEW (CHANGEDSINCE 7)",
                        new FetchCommand("x", false, seq(1, 1), List.of(new FetchItem.Preview()), 7, false)),
                Arguments.of("x UID FETCH 300:500 (FLAGS) (CHANGEDSINCE 12345 VANISHED)",
                        new FetchCommand("x", true, seq(300, 500), flags, 12345, true)),
                Arguments.of("x STORE 1 (UNCHANGEDSINCE 0) +FLAGS (\\Seen)",
                        new StoreCommand("x", false, seq(1, 1), StoreMode.ADD, false, List.of("\\Seen"), 0)),
                Arguments.of("x UID STORE 5,7 (UNCHANGEDSINCE 320162338) FLAGS.SILENT ($Junk)",
                        new StoreCommand("x", true, seq(5, 5, 7, 7), StoreMode.REPLACE, true, List.of("$Junk"),
                                320162338)),
                Arguments.of("x STATUS INBOX (HIGHESTMODSEQ MESSAGES)",
                        new StatusCommand("x", "INBOX", List.of(StatusItem.HIGHESTMODSEQ, StatusItem.MESSAGES))),
                Arguments.of("x SEARCH MODSEQ 620162338",
                        new SearchCommand("x", false, java.util.Set.of(), false, null, new SearchKey.ModSeq(620162338))),
                Arguments.of("x SEARCH MODSEQ \"/flags/\\\\draft\" all 0",
                        new SearchCommand("x", false, java.util.Set.of(), false, null, new SearchKey.ModSeq(0))));
    }

    @ParameterizedTest
    @MethodSource("goodCommands")
    void parses(String frame, ImapCommand expected) {
        assertEquals(expected, parsed(frame));
    }

    static Stream<Arguments> badCommands() {
        return Stream.of(
                Arguments.of("a SELECT INBOX (QRESYNC)", "Missing QRESYNC data"),
                Arguments.of("a SELECT INBOX (QRESYNC (0 5))", "Invalid UIDVALIDITY in QRESYNC"),
                Arguments.of("a SELECT INBOX (QRESYNC (1 0))", "Invalid MODSEQ in QRESYNC"),
                Arguments.of("a SELECT INBOX (QRESYNC (1 5 $))", "Invalid known UIDs in QRESYNC"),
                Arguments.of("a SELECT INBOX (QRESYNC (1 5 1:3 (1:2)))", "Invalid sequence match data in QRESYNC"),
                Arguments.of("a SELECT INBOX (QRESYNC (1 5) QRESYNC (1 5))", "QRESYNC given twice"),
                Arguments.of("a SELECT INBOX ()", "Invalid SELECT parameter"),
                Arguments.of("a SELECT INBOX CONDSTORE", "Invalid SELECT parameters"),
                Arguments.of("a FETCH 1 FLAGS (VANISHED)", "VANISHED requires CHANGEDSINCE"),
                Arguments.of("a FETCH 1 FLAGS (CHANGEDSINCE 0)", "Invalid CHANGEDSINCE value"),
                Arguments.of("a FETCH 1 FLAGS (CHANGEDSINCE 1 CHANGEDSINCE 2)", "CHANGEDSINCE given twice"),
                Arguments.of("a FETCH 1 FLAGS (FOO)", "Unknown FETCH modifier"),
                Arguments.of("a STORE 1 (UNCHANGEDSINCE x) FLAGS ()", "Invalid UNCHANGEDSINCE value"),
                Arguments.of("a STORE 1 (UNCHANGEDSINCE 1 UNCHANGEDSINCE 2) FLAGS ()", "Unknown STORE modifier"),
                Arguments.of("a STORE 1 (FOO 1) FLAGS ()", "Unknown STORE modifier"),
                Arguments.of("a SEARCH MODSEQ \"/other/x\" all 5", "Invalid MODSEQ entry name"),
                Arguments.of("a SEARCH MODSEQ \"/flags/\\\\seen\" mine 5", "Invalid MODSEQ entry type"),
                Arguments.of("a SEARCH MODSEQ -1", "Invalid MODSEQ value"),
                Arguments.of("a SEARCH RETURN (PARTIAL 1:-5) ALL", "Invalid PARTIAL range"),
                Arguments.of("a SEARCH RETURN (PARTIAL 0:5) ALL", "Invalid PARTIAL range"),
                Arguments.of("a SEARCH RETURN (PARTIAL 1:5 ALL) ALL", "PARTIAL and ALL cannot be combined"),
                Arguments.of("a SEARCH RETURN (PARTIAL 1:5 PARTIAL 1:2) ALL", "PARTIAL given twice"),
                Arguments.of("a FETCH 1:* FLAGS (PARTIAL -1:5)", "Invalid PARTIAL range"),
                Arguments.of("a SORT (NAME) UTF-8 ALL", "Unknown sort key"),
                Arguments.of("a SORT () UTF-8 ALL", "Missing sort key"),
                Arguments.of("a SORT (DATE) UTF-8", "Missing search criteria"),
                Arguments.of("a SORT (REVERSE) UTF-8 ALL", "Missing sort key"),
                Arguments.of("a SORT RETURN (SAVE) (DATE) UTF-8 ALL", "Unknown RETURN option"),
                Arguments.of("a THREAD ORDEREDSUBJECT UTF-8", "Missing search criteria"),
                Arguments.of("a THREAD (REFS) UTF-8 ALL", "Missing threading algorithm"),
                Arguments.of("a SORT RETURN (ALL PARTIAL 1:2) (DATE) UTF-8 ALL", "PARTIAL and ALL cannot be combined"));
    }

    @ParameterizedTest
    @MethodSource("badCommands")
    void rejects(String frame, String message) {
        assertEquals(message, invalid(frame).message());
    }
}
