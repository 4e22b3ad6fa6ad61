package org.tegami.imap.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.tegami.imap.protocol.CommandParserTest.invalid;
import static org.tegami.imap.protocol.CommandParserTest.parsed;

import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The context return options and CANCELUPDATE (RFC 5267 §4, §5): line → record and line → BAD. */
class ContextParserTest {

    private static final List<SortCommand.Criterion> DATE =
            List.of(new SortCommand.Criterion(SortCommand.Key.DATE, false));
    private static final SearchKey UNSEEN = new SearchKey.Flag("\\Seen", false);

    static Stream<Arguments> goodCommands() {
        return Stream.of(
                Arguments.of("B01 UID SEARCH RETURN (UPDATE) UNSEEN",
                        new SearchCommand("B01", true, Set.of(SearchReturnOption.UPDATE), true, null, UNSEEN)),
                Arguments.of("A01 SEARCH RETURN (CONTEXT COUNT) UNSEEN",
                        new SearchCommand("A01", false, Set.of(SearchReturnOption.CONTEXT, SearchReturnOption.COUNT),
                                true, null, UNSEEN)),
                Arguments.of("b search return (update count min) unseen",
                        new SearchCommand("b", false, Set.of(SearchReturnOption.UPDATE, SearchReturnOption.COUNT,
                                SearchReturnOption.MIN), true, null, UNSEEN)),
                // RFC 5267 §4.4 with RFC 9394 §3.1: PARTIAL combines with UPDATE and CONTEXT.
                Arguments.of("c UID SEARCH RETURN (CONTEXT UPDATE PARTIAL 1:50) UNSEEN",
                        new SearchCommand("c", true, Set.of(SearchReturnOption.CONTEXT, SearchReturnOption.UPDATE),
                                true, null, UNSEEN, new PartialRange(1, 50))),
                Arguments.of("d UID SEARCH RETURN (UPDATE PARTIAL -1:-10) CHARSET UTF-8 UNSEEN",
                        new SearchCommand("d", true, Set.of(SearchReturnOption.UPDATE), true, "UTF-8", UNSEEN,
                                new PartialRange(-1, -10))),
                Arguments.of("B02 UID SORT RETURN (UPDATE COUNT) (DATE) UTF-8 UNSEEN",
                        new SortCommand("B02", true, DATE, "UTF-8", UNSEEN,
                                Set.of(SearchReturnOption.UPDATE, SearchReturnOption.COUNT), true, null)),
                Arguments.of("e SORT RETURN (CONTEXT UPDATE PARTIAL 1:5) (DATE) UTF-8 UNSEEN",
                        new SortCommand("e", false, DATE, "UTF-8", UNSEEN,
                                Set.of(SearchReturnOption.CONTEXT, SearchReturnOption.UPDATE), true,
                                new PartialRange(1, 5))),
                Arguments.of("B04 CANCELUPDATE \"B01\"", new CancelUpdateCommand("B04", List.of("B01"))),
                Arguments.of("x cancelupdate \"B01\" \"B02\" \"a\\\"b\"",
                        new CancelUpdateCommand("x", List.of("B01", "B02", "a\"b"))));
    }

    @ParameterizedTest
    @MethodSource("goodCommands")
    void parses(String line, ImapCommand expected) {
        assertEquals(expected, parsed(line));
    }

    static Stream<Arguments> badCommands() {
        return Stream.of(
                Arguments.of("a CANCELUPDATE", "Missing tag to cancel"),
                // RFC 5267 §5: the tags are quoted strings, not atoms or literals.
                Arguments.of("a CANCELUPDATE B01", "Expected a quoted tag"),
                Arguments.of("a CANCELUPDATE {3}\r\nB01", "Expected a quoted tag"),
                Arguments.of("a CANCELUPDATE \"B01\" ", "Expected a quoted tag"),
                Arguments.of("a CANCELUPDATE \"B01\" B02", "Expected a quoted tag"),
                Arguments.of("a CANCELUPDATE \"B01", "Unterminated quoted string"),
                Arguments.of("a SEARCH RETURN (UPDATES) ALL", "Unknown RETURN option"),
                Arguments.of("a SEARCH RETURN (UPDATE PARTIAL 1:5 ALL) ALL", "PARTIAL and ALL cannot be combined"),
                Arguments.of("a SORT RETURN (CONTEXT ALL PARTIAL 1:2) (DATE) UTF-8 ALL",
                        "PARTIAL and ALL cannot be combined"),
                Arguments.of("a SORT RETURN (UPDATE SAVE) (DATE) UTF-8 ALL", "Unknown RETURN option"));
    }

    @ParameterizedTest
    @MethodSource("badCommands")
    void rejects(String frame, String message) {
        assertEquals(message, invalid(frame).message());
    }
}
