package org.tegami.imap.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Numbers are written digit by digit into the buffer: every length, and the buffer growing mid-number. */
class ResponseWriterTest {

    private static String text(ResponseWriter w) {
        return new String(w.toByteArray(), StandardCharsets.US_ASCII);
    }

    @Test
    void numbersOfEveryLengthAreWrittenInDecimal() {
        long[] values = {0, 7, 9, 10, 99, 100, 4_294_967_295L, 1_000_000_000_000L, Long.MAX_VALUE, -1, Long.MIN_VALUE};
        for (long value : values) {
            assertEquals("* " + value + " FETCH", text(new ResponseWriter(16).raw("* ").number(value).raw(" FETCH")));
        }
    }

    @Test
    void aNumberThatDoesNotFitGrowsTheBuffer() {
        ResponseWriter w = new ResponseWriter(16).raw("0123456789ABCD");
        w.number(Long.MAX_VALUE).space().number(12345);
        assertEquals("0123456789ABCD" + Long.MAX_VALUE + " 12345", text(w));
    }
}
