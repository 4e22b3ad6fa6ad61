package org.tegami.message;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.OffsetDateTime;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SentDateParserTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', nullValues = "NULL", value = {
        "Tue, 1 Jul 2025 10:15:30 +0200         | 2025-07-01T10:15:30+02:00",
        "1 Jul 2025 10:15 -0000                 | 2025-07-01T10:15Z",
        "Wed, 02 Oct 02 08:00:00 EST            | 2002-10-02T08:00-05:00",
        "Fri, 21 Nov 97 09:55:06 GMT            | 1997-11-21T09:55:06Z",
        "Thu, 13 Feb 1969 23:32:54 -0330 (NST)  | 1969-02-13T23:32:54-03:30",
        "Mon, 30 Jun 2025 23:59:60 +0000        | 2025-06-30T23:59:59Z",
        "Sun, 6 July 2025 12:00:00 PDT          | 2025-07-06T12:00-07:00",
        "Sat, 5 Jul 2025 12:00:00               | 2025-07-05T12:00Z",
        "yesterday                              | NULL",
        "Mon, 31 Feb 2025 10:00:00 +0000        | NULL",
        "Mon, 1 Jan 2025 25:00:00 +0000         | NULL",
        "Mon, 1 Jan 2025 10:00:00 +9900         | NULL",
    })
    void parses(String header, String expected) {
        assertEquals(expected == null ? null : OffsetDateTime.parse(expected), SentDateParser.parse(header));
    }
}
