package org.tegami.bench;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class MessageGeneratorTest {

    private final MessageGenerator generator = new MessageGenerator(Bench.SEED);

    @Test
    void theSameIndexGivesTheSameBytes() {
        assertArrayEquals(generator.message(42), new MessageGenerator(Bench.SEED).message(42));
    }

    @Test
    void theMixHoldsEveryKindOfMessage() {
        String all = IntStream.range(0, 200).mapToObj(i -> new String(generator.message(i), StandardCharsets.UTF_8))
                .reduce("", String::concat);
        assertTrue(all.contains("multipart/alternative"));
        assertTrue(all.contains("text/html"));
        assertTrue(all.contains("Content-Transfer-Encoding: base64"));
        assertTrue(all.contains("=?UTF-8?B?"), "non-ASCII headers as RFC 2047 encoded-words");
        assertTrue(all.lines().allMatch(l -> l.length() <= 998), "RFC 5322 §2.1.1 line length");
    }

    @Test
    void theNeedleIsInOneMessageOfAThousand() {
        long found = IntStream.range(0, 3000)
                .filter(i -> new String(generator.message(i), StandardCharsets.UTF_8).contains(MessageGenerator.NEEDLE))
                .count();
        assertEquals(3, found);
    }

    @Test
    void theMboxEscapesFromLines() {
        String mbox = new String(generator.mbox(3), StandardCharsets.UTF_8);
        assertEquals(3, mbox.lines().filter(l -> l.startsWith("From ")).count());
    }
}
