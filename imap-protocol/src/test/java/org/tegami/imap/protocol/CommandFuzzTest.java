package org.tegami.imap.protocol;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.List;

/**
 * Feeds arbitrary bytes through {@link CommandFramer} in arbitrary chunks, with the authentication state
 * flipping on the way, and every frame it produces through {@link CommandParser}: neither may throw, and
 * no frame may break the limits.
 *
 * <p>Input layout: the last 4 bytes seed the chunk sizes and authentication flips (FuzzedDataProvider takes
 * numbers from the end), the rest is the client's byte stream. The seeds in
 * {@code src/test/resources/org/tegami/imap/protocol/CommandFuzzTestInputs/framesAndParses/} are replayed by
 * every {@code mvn verify}, without instrumentation. A real, coverage-guided fuzzing session lasts
 * {@code maxDuration} and keeps what it finds in {@code imap-protocol/.cifuzz-corpus/} (crashing inputs go to
 * the seed directory). Jazzer 0.24.0 cannot instrument Java 25 class files, so the {@code fuzzing} profile
 * compiles the module for Java 23; delete {@code imap-protocol/target} before and after such a session:
 *
 * <pre>
 * rm -rf imap-protocol/target
 * JAZZER_FUZZ=1 ./mvnw -o -pl imap-protocol -Pfuzzing test -Dtest=CommandFuzzTest
 * rm -rf imap-protocol/target
 * </pre>
 */
class CommandFuzzTest {

    /** Small limits, so that the fuzzer reaches every one of them quickly. */
    private static final ImapLimits LIMITS = new ImapLimits(48, 16, 64, 256, 512, 5, 8);

    @FuzzTest(maxDuration = "2m")
    void framesAndParses(FuzzedDataProvider data) {
        int schedule = data.consumeInt();
        byte[] stream = data.consumeRemainingAsBytes();
        CommandFramer framer = new CommandFramer(LIMITS);
        CommandParser parser = new CommandParser(LIMITS);

        // The parser alone must be total on any bytes, not only on framed ones.
        assertNotNull(parser.parse(stream));

        int offset = 0;
        while (offset < stream.length) {
            schedule = schedule * 1_103_515_245 + 12_345; // a small LCG: deterministic chunking per input
            int chunk = Math.min(stream.length - offset, (schedule >>> 16) % 23);
            if (((schedule >>> 8) & 7) == 0) {
                framer.setAuthenticated(((schedule >>> 12) & 1) == 1);
            }
            if (((schedule >>> 4) & 63) == 0) {
                framer.reset();
            }
            List<FramerEvent> events = framer.feed(stream, offset, chunk);
            offset += chunk;
            for (FramerEvent event : events) {
                check(event, parser);
            }
        }
    }

    private static void check(FramerEvent event, CommandParser parser) {
        switch (event) {
            case FramerEvent.Frame frame -> {
                byte[] bytes = frame.bytes();
                assertTrue(bytes.length > 0 && bytes.length <= LIMITS.maxCommandBytes(), "frame size");
                if (indexOf(bytes, (byte) '\n') < 0) {
                    // No literal in it: the whole frame is one line.
                    assertTrue(bytes.length <= LIMITS.maxLineBytes(), "line size");
                }
                ParseResult result = parser.parse(bytes);
                if (result instanceof ParseResult.Invalid invalid) {
                    assertNotNull(invalid.message());
                } else {
                    assertNotNull(((ParseResult.Parsed) result).command().tag());
                }
            }
            case FramerEvent.Rejected rejected -> {
                assertNotNull(rejected.problem());
                assertNotNull(rejected.message());
            }
            case FramerEvent.LiteralContinuation continuation -> {
            }
        }
    }

    private static int indexOf(byte[] bytes, byte wanted) {
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == wanted) {
                return i;
            }
        }
        return -1;
    }
}
