package org.tegami.message;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class MessageIdsTest {

    @Test
    void readsIdentifiersInOrder() {
        assertEquals(List.of("<a@x>", "<b@x>", "<c@y>"), MessageIds.of(" <a@x> <b@x>\t<c@y>"));
    }

    @Test
    void skipsPhrasesAndCommentsOfTheObsoleteSyntax() {
        assertEquals(List.of("<1234@local>"),
                MessageIds.of("Message from Alice of \"Fri, 6 Jul 2001\" <1234@local> (sent twice)"));
    }

    @Test
    void dropsWhitespaceInsideAnIdentifier() {
        assertEquals(List.of("<a.b@host>"), MessageIds.of("< a.b @ host >"));
    }

    @Test
    void rejectsInvalidIdentifiers() {
        assertEquals(List.of("<ok@x>"), MessageIds.of("<> <noat> <@x> <a@> <a@b@c> <ok@x> <unterminated@x"));
        assertEquals(List.of(), MessageIds.of(null));
        assertEquals(List.of(), MessageIds.of(""));
    }

    @Test
    void takesTheInnermostBracketedText() {
        assertEquals(List.of("<id@host>"), MessageIds.of("<junk <id@host>"));
    }
}
