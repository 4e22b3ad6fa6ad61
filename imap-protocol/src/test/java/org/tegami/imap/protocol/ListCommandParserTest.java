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

/** LIST in its basic form (RFC 9051 §6.3.9) and LIST-EXTENDED (RFC 5258, RFC 5819, RFC 6154). */
class ListCommandParserTest {

    private static ListCommand basic(String reference, String pattern) {
        return new ListCommand("t", Set.of(), reference, List.of(pattern), ListReturnOptions.NONE, false);
    }

    static Stream<Arguments> goodLists() {
        return Stream.of(
                Arguments.of("t LIST \"\" *", basic("", "*")),
                Arguments.of("t list \"\" %", basic("", "%")),
                Arguments.of("t LIST \"\" \"\"", basic("", "")),
                Arguments.of("t LIST ~/Mail/ %/foo*]", basic("~/Mail/", "%/foo*]")),
                Arguments.of("t LIST INBOX.Archive {3}\r\na*b", basic("INBOX.Archive", "a*b")),
                Arguments.of("t LIST \"\" \"Sent Items\"", basic("", "Sent Items")),
                Arguments.of("t LIST (SUBSCRIBED) \"\" *", new ListCommand("t", Set.of(ListSelectOption.SUBSCRIBED),
                        "", List.of("*"), ListReturnOptions.NONE, true)),
                Arguments.of("t LIST () \"\" *", new ListCommand("t", Set.of(), "", List.of("*"),
                        ListReturnOptions.NONE, true)),
                Arguments.of("t LIST (subscribed remote recursivematch special-use) \"\" *", new ListCommand("t",
                        Set.of(ListSelectOption.SUBSCRIBED, ListSelectOption.REMOTE, ListSelectOption.RECURSIVEMATCH,
                                ListSelectOption.SPECIAL_USE), "", List.of("*"), ListReturnOptions.NONE, true)),
                Arguments.of("t LIST (SPECIAL-USE RECURSIVEMATCH) \"\" *", new ListCommand("t",
                        Set.of(ListSelectOption.SPECIAL_USE, ListSelectOption.RECURSIVEMATCH), "", List.of("*"),
                        ListReturnOptions.NONE, true)),
                Arguments.of("t LIST \"\" (INBOX Drafts \"Sent Items\" %)", new ListCommand("t", Set.of(), "",
                        List.of("INBOX", "Drafts", "Sent Items", "%"), ListReturnOptions.NONE, true)),
                Arguments.of("t LIST \"\" % RETURN (CHILDREN)", new ListCommand("t", Set.of(), "", List.of("%"),
                        new ListReturnOptions(false, true, false, null), true)),
                Arguments.of("t LIST \"\" % RETURN ()", new ListCommand("t", Set.of(), "", List.of("%"),
                        new ListReturnOptions(false, false, false, null), true)),
                Arguments.of("t LIST \"\" % RETURN (SUBSCRIBED CHILDREN SPECIAL-USE)", new ListCommand("t", Set.of(),
                        "", List.of("%"), new ListReturnOptions(true, true, true, null), true)),
                Arguments.of("t LIST \"\" % RETURN (STATUS (MESSAGES UNSEEN))", new ListCommand("t", Set.of(), "",
                        List.of("%"), new ListReturnOptions(false, false, false,
                                List.of(StatusItem.MESSAGES, StatusItem.UNSEEN)), true)),
                Arguments.of("t LIST (SUBSCRIBED) \"\" (a b) return (children status (size))", new ListCommand("t",
                        Set.of(ListSelectOption.SUBSCRIBED), "", List.of("a", "b"),
                        new ListReturnOptions(false, true, false, List.of(StatusItem.SIZE)), true)),
                // RFC 9590: entry names lower-cased, duplicates once, in the order sent; quoted and literal names.
                Arguments.of("t LIST \"\" % RETURN (METADATA (/shared/Comment \"/private/comment\" /shared/comment))",
                        new ListCommand("t", Set.of(), "", List.of("%"), new ListReturnOptions(false, false, false,
                                null, List.of("/shared/comment", "/private/comment")), true)),
                Arguments.of("t LIST \"\" % RETURN (METADATA /private/color CHILDREN)", new ListCommand("t", Set.of(),
                        "", List.of("%"), new ListReturnOptions(false, true, false, null, List.of("/private/color")),
                        true)),
                Arguments.of("t LIST \"\" % RETURN (STATUS (MESSAGES) METADATA ({14}\r\n/private/color))",
                        new ListCommand("t", Set.of(), "", List.of("%"), new ListReturnOptions(false, false, false,
                                List.of(StatusItem.MESSAGES), List.of("/private/color")), true)));
    }

    @ParameterizedTest
    @MethodSource("goodLists")
    void parsesList(String frame, ListCommand expected) {
        assertEquals(expected, parsed(frame));
    }

    static Stream<Arguments> badLists() {
        return Stream.of(
                Arguments.of("t LIST", "Missing reference name"),
                Arguments.of("t LIST \"\"", "Missing mailbox pattern"),
                Arguments.of("t LIST * *", "Missing reference name"),
                Arguments.of("t LIST (FOO) \"\" *", "Unknown selection option"),
                Arguments.of("t LIST (RECURSIVEMATCH) \"\" *", "RECURSIVEMATCH needs another selection option"),
                Arguments.of("t LIST (RECURSIVEMATCH REMOTE) \"\" *", "RECURSIVEMATCH needs another selection option"),
                Arguments.of("t LIST (SUBSCRIBED \"\" *", "Invalid selection option"),
                Arguments.of("t LIST \"\" ()", "Missing mailbox pattern"),
                Arguments.of("t LIST \"\" (a", "Invalid mailbox patterns"),
                Arguments.of("t LIST \"\" * FOO", "Expected RETURN options"),
                Arguments.of("t LIST \"\" * RETURN", "Missing return options"),
                Arguments.of("t LIST \"\" * RETURN (FOO)", "Unknown return option"),
                Arguments.of("t LIST \"\" * RETURN (STATUS)", "Missing status items"),
                Arguments.of("t LIST \"\" * RETURN (STATUS (FOO))", "Unknown status item"),
                Arguments.of("t LIST \"\" * RETURN (CHILDREN", "Invalid return options"),
                Arguments.of("t LIST \"\" * RETURN (METADATA)", "Missing metadata entries"),
                Arguments.of("t LIST \"\" * RETURN (METADATA ())", "Missing metadata entry name"),
                Arguments.of("t LIST \"\" * RETURN (METADATA (/shared/comment ))", "Missing metadata entry name"),
                Arguments.of("t LIST \"\" * RETURN (METADATA (/shared/comment)", "Invalid return options"),
                Arguments.of("t LIST \"\" * RETURN (METADATA (\"/shared/*\"))",
                        "Invalid metadata entry name: wildcards are not allowed"),
                Arguments.of("t LIST \"\" * RETURN (METADATA (/comment))",
                        "Invalid metadata entry name: it must start with /private or /shared"));
    }

    @ParameterizedTest
    @MethodSource("badLists")
    void rejectsBadList(String frame, String message) {
        assertEquals(new ParseResult.Invalid("t", message), invalid(frame));
    }
}
