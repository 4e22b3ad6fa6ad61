package org.tegami.message;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class AddressListParserTest {
    private static final Address GROUP_END = new Address(null, null, null, null);

    static Stream<Arguments> cases() {
        return Stream.of(
                Arguments.of("user@example.org", List.of(new Address(null, null, "user", "example.org"))),
                Arguments.of("John  Q. Public <john.q@example.org>",
                        List.of(new Address("John Q. Public", null, "john.q", "example.org"))),
                Arguments.of("\"Doe, Jane\" <jane@example.org>, x@y.example",
                        List.of(new Address("Doe, Jane", null, "jane", "example.org"),
                                new Address(null, null, "x", "y.example"))),
                Arguments.of("=?UTF-8?B?w4k=?= <e@example.org>",
                        List.of(new Address("=?UTF-8?B?w4k=?=", null, "e", "example.org"))),
                Arguments.of("<\"odd local\"@[192.0.2.1]>",
                        List.of(new Address(null, null, "odd local", "[192.0.2.1]"))),
                Arguments.of("undisclosed-recipients:;",
                        List.of(new Address(null, null, "undisclosed-recipients", null), GROUP_END)),
                Arguments.of("team: a@x.example, b@x.example",
                        List.of(new Address(null, null, "team", null), new Address(null, null, "a", "x.example"),
                                new Address(null, null, "b", "x.example"), GROUP_END)),
                Arguments.of("<>", List.of(new Address(null, null, "MISSING_MAILBOX", "MISSING_DOMAIN"))),
                Arguments.of("Name <local>", List.of(new Address("Name", null, "local", "MISSING_DOMAIN"))),
                Arguments.of("@example.org", List.of(new Address(null, null, "MISSING_MAILBOX", "example.org"))),
                Arguments.of("", List.of()),
                Arguments.of(" , ,", List.of()),
                Arguments.of("Broken <a@b", List.of(new Address("Broken", null, "a", "b"))),
                Arguments.of("\"unterminated <a@b>", List.of(new Address(null, null, "unterminated <a@b>", "MISSING_DOMAIN"))));
    }

    @ParameterizedTest
    @MethodSource("cases")
    void parses(String header, List<Address> expected) {
        assertEquals(expected, AddressListParser.parse(header));
    }
}
