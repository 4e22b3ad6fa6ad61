package org.tegami.imap.server.command;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.tegami.imap.protocol.ResponseWriter;

/** {@link MessageSet#write}: a sequence set in the order given, ranges only for runs ascending one by one. */
class MessageSetWriteTest {

    private static String written(long[] numbers, int from, int to) {
        ResponseWriter w = new ResponseWriter(16);
        MessageSet.write(w.raw("ALL "), numbers, from, to);
        return new String(w.toByteArray(), StandardCharsets.US_ASCII);
    }

    @Test
    void ascendingRunsBecomeRanges() {
        assertEquals("ALL 1:3,5,7:8", written(new long[] {1, 2, 3, 5, 7, 8}, 0, 6));
        assertEquals("ALL 42", written(new long[] {42}, 0, 1));
        assertEquals("ALL 1:100000", written(java.util.stream.LongStream.rangeClosed(1, 100_000).toArray(), 0, 100_000));
    }

    @Test
    void anyOtherOrderIsKept() {
        // RFC 5267 §3: an ESORT ALL lists the numbers in sort order; 5:4 would mean 4,5.
        assertEquals("ALL 5,4,3,9:10,2", written(new long[] {5, 4, 3, 9, 10, 2}, 0, 6));
        assertEquals("ALL 7,7", written(new long[] {7, 7}, 0, 2));
    }

    @Test
    void onlyThePositionsAsked() {
        long[] numbers = {1, 2, 3, 4, 8, 9};
        assertEquals("ALL 2:4", written(numbers, 1, 4));
        assertEquals("ALL 4,8", written(numbers, 3, 5));
        assertEquals("ALL ", written(numbers, 2, 2));
    }
}
