package org.tegami.bench.micro;

import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.tegami.imap.protocol.ParseResult;

/** Each benchmark method once, so the microbenchmarks keep measuring what they claim. */
class MicrobenchmarksTest {

    @Test
    void everyCommandParses() {
        CommandParsing p = new CommandParsing();
        p.setUp(); // throws when a command does not parse
        assertInstanceOf(ParseResult.Parsed.class, p.fetch());
        assertInstanceOf(ParseResult.Parsed.class, p.sequenceSetOf1000Ranges());
    }

    @Test
    void messagesOfEveryKindParseAndTheirStructureRoundTrips() {
        for (String kind : new String[] {"plain", "alternative", "attachment"}) {
            MessageParsing m = new MessageParsing();
            m.kind = kind;
            m.setUp();
            assertNotNull(m.parse().structure().envelope());
            assertTrue(m.decodeStructure().equals(m.parse().structure()), kind);
        }
    }

    @Test
    void fetchResponsesAreWritten() {
        FetchResponseWriting f = new FetchResponseWriting();
        f.setUp();
        assertTrue(f.fiftyEnvelopes() > 0);
        assertTrue(f.written().startsWith("* 1 FETCH (UID 1000 FLAGS (\\Seen) ENVELOPE ("), f.written());
        assertTrue(f.bodyLiteral() > 0);
    }

    @Test
    void bigAnswersAreWrittenWhole() {
        BigAnswerWriting b = new BigAnswerWriting();
        b.setUp();
        long fetched = b.fetchUidFlags();
        assertTrue(b.lastSlice().endsWith("* 100000 FETCH (UID 100099 FLAGS (\\Seen))\r\n"), b.lastSlice());
        assertTrue(fetched > 30L * BigAnswerWriting.MESSAGES, "bytes of every FETCH line: " + fetched);
        int searched = b.searchEveryUid();
        assertTrue(b.searchLine().startsWith("* SEARCH 1 2 3 "), b.searchLine().substring(0, 20));
        assertTrue(b.searchLine().endsWith(" 100099\r\n"));
        assertTrue(searched == b.searchLine().length());
    }
}
