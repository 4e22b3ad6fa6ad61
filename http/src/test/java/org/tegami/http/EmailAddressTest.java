package org.tegami.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class EmailAddressTest {

    @ParameterizedTest
    @ValueSource(strings = {"alice@example.org", "first.last+tag@mail.example.co.jp", "o'neil&co@example.org",
        "x@a-b.example", "  bob@example.org  ", "postmaster@localhost"})
    void acceptsDotAtomAddresses(String text) {
        assertTrue(EmailAddress.parse(text).isPresent(), text);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "alice", "@example.org", "alice@", "a b@example.org",
        "<script>@example.org", "\"quoted\"@example.org", "alice@exa_mple.org", "alice@-example.org",
        ".alice@example.org", "alice..b@example.org", "alice@example.org\r\nX: y",
        "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa@example.org"})
    void refusesEverythingElse(String text) {
        assertTrue(EmailAddress.parse(text).isEmpty(), text);
    }

    @ParameterizedTest
    @ValueSource(strings = {"Alice@Example.ORG"})
    void lowerCasesTheDomainOnly(String text) {
        assertEquals("Alice@example.org", EmailAddress.parse(text).orElseThrow().toString());
    }
}
