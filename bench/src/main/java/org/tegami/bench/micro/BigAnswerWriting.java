package org.tegami.bench.micro;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.tegami.imap.protocol.ResponseWriter;

/**
 * {@link ResponseWriter} on the answers of the big-mailbox workload, 100 000 messages each: the lines of
 * {@code FETCH 1:* (UID FLAGS)} as the server writes them from its view (a flag list rendered once per flag set,
 * copied per line, handed on every 16 KiB), and the one line of a {@code SEARCH} or {@code SORT} naming every
 * message. Wall time per whole answer, without the network.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class BigAnswerWriting {

    static final int MESSAGES = 100_000;
    private static final int SLICE_BYTES = 16 * 1024;

    private final ResponseWriter slice = new ResponseWriter(SLICE_BYTES + 256);
    private final ResponseWriter line = new ResponseWriter(1024 * 1024);
    private final byte[][] flagLists = new byte[2][];
    private long[] uids;
    private long sliceBytes;

    @Setup
    public void setUp() {
        uids = new long[MESSAGES];
        for (int i = 0; i < MESSAGES; i++) {
            // UIDs with a few gaps, as after some expunges.
            uids[i] = i + 1 + i / 1000;
        }
        flagLists[0] = "()".getBytes(StandardCharsets.US_ASCII);
        flagLists[1] = "(\\Seen)".getBytes(StandardCharsets.US_ASCII);
    }

    /** {@code * n FETCH (UID u FLAGS (...))} for every message; returns the bytes written. */
    @Benchmark
    public long fetchUidFlags() {
        sliceBytes = 0;
        slice.clear();
        for (int i = 0; i < MESSAGES; i++) {
            byte[] flags = flagLists[(i >> 4) & 1];
            slice.raw("* ").number(i + 1).raw(" FETCH (").raw("UID ").number(uids[i]).space().raw("FLAGS ")
                    .bytes(flags, 0, flags.length).raw(')').crlf();
            if (slice.length() >= SLICE_BYTES) {
                sliceBytes += slice.length();
                slice.clear();
            }
        }
        return sliceBytes + slice.length();
    }

    /** {@code * SEARCH} followed by every UID; returns the bytes written. */
    @Benchmark
    public int searchEveryUid() {
        line.clear();
        line.raw("* SEARCH");
        for (long uid : uids) {
            line.space().number(uid);
        }
        return line.crlf().length();
    }

    /** For tests: the text of the last SEARCH line written. */
    String searchLine() {
        return new String(line.toByteArray(), StandardCharsets.US_ASCII);
    }

    /** For tests: the text of the last FETCH slice written. */
    String lastSlice() {
        return new String(slice.toByteArray(), StandardCharsets.US_ASCII);
    }
}
