package org.tegami.imap.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.tegami.imap.protocol.CommandParserTest.invalid;
import static org.tegami.imap.protocol.CommandParserTest.parsed;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** GETQUOTA, GETQUOTAROOT and SETQUOTA (RFC 9208 §9): line → record and line → BAD. */
class QuotaParserTest {

    private static Map<String, Long> limits(Object... pairs) {
        Map<String, Long> map = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            map.put((String) pairs[i], ((Number) pairs[i + 1]).longValue());
        }
        return map;
    }

    static Stream<Arguments> goodCommands() {
        return Stream.of(
                Arguments.of("a GETQUOTA \"\"", new GetQuotaCommand("a", "")),
                Arguments.of("a getquota \"User quota\"", new GetQuotaCommand("a", "User quota")),
                Arguments.of("a GETQUOTA {0}\r\n", new GetQuotaCommand("a", "")),
                Arguments.of("a GETQUOTAROOT INBOX", new GetQuotaRootCommand("a", "INBOX")),
                Arguments.of("a GetQuotaRoot \"Sent Items\"", new GetQuotaRootCommand("a", "Sent Items")),
                Arguments.of("a SETQUOTA \"\" ()", new SetQuotaCommand("a", "", limits())),
                Arguments.of("a SETQUOTA \"\" (storage 512)", new SetQuotaCommand("a", "", limits("STORAGE", 512))),
                Arguments.of("a SETQUOTA x (STORAGE 1 MESSAGE 9223372036854775807)",
                        new SetQuotaCommand("a", "x", limits("STORAGE", 1, "MESSAGE", Long.MAX_VALUE))));
    }

    @ParameterizedTest
    @MethodSource("goodCommands")
    void parses(String line, ImapCommand expected) {
        assertEquals(expected, parsed(line));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "a GETQUOTA",
        "a GETQUOTA \"\" extra",
        "a GETQUOTAROOT",
        "a SETQUOTA \"\"",
        "a SETQUOTA \"\" STORAGE 1",
        "a SETQUOTA \"\" (STORAGE)",
        "a SETQUOTA \"\" (STORAGE x)",
        "a SETQUOTA \"\" (STORAGE 1",
        "a SETQUOTA \"\" (STORAGE 1 storage 2)",
        "a SETQUOTA \"\" (STORAGE 9223372036854775808)",
        "a SETQUOTA \"\" (STORAGE  1)"
    })
    void rejects(String line) {
        invalid(line);
    }
}
