package org.tegami.smtp.protocol;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.Arrays;

/**
 * Feeds arbitrary bytes to the command parser line by line, and to {@link MessageDataReader} in arbitrary
 * chunks: neither may throw; the reader must never keep more than its limit, never consume past its end
 * marker, and must give the same result however the bytes are chunked. The seeds in
 * {@code src/test/resources/org/tegami/smtp/protocol/SmtpFuzzTestInputs/parsesAndReads/} are replayed by every
 * {@code mvn verify}. A coverage-guided session (Jazzer 0.24 needs Java 23 class files, hence the profile):
 *
 * <pre>
 * JAZZER_FUZZ=1 ./mvnw -pl smtp-protocol -Pfuzzing clean test -Dtest=SmtpFuzzTest
 * </pre>
 */
class SmtpFuzzTest {

    private static final SmtpLimits LIMITS = new SmtpLimits(64, 128, 4);

    @FuzzTest(maxDuration = "2m")
    void parsesAndReads(FuzzedDataProvider data) {
        int schedule = data.consumeInt();
        byte[] stream = data.consumeRemainingAsBytes();
        SmtpCommandParser parser = new SmtpCommandParser(LIMITS);
        int start = 0;
        for (int i = 0; i <= stream.length; i++) {
            if (i == stream.length || stream[i] == '\n') {
                assertNotNull(parser.parse(Arrays.copyOfRange(stream, start, i)));
                start = i + 1;
            }
        }

        MessageDataReader whole = new MessageDataReader(LIMITS.maxMessageBytes());
        int consumedWhole = whole.feed(stream, 0, stream.length);
        MessageDataReader chunked = new MessageDataReader(LIMITS.maxMessageBytes());
        int offset = 0;
        while (offset < stream.length && !chunked.complete()) {
            schedule = schedule * 1_103_515_245 + 12_345;
            int chunk = Math.min(stream.length - offset, 1 + ((schedule >>> 16) % 17));
            int consumed = chunked.feed(stream, offset, chunk);
            assertTrue(consumed >= 0 && consumed <= chunk, "consumed within the chunk");
            offset += consumed;
            if (consumed < chunk) {
                assertTrue(chunked.complete(), "stops early only at the end marker");
            }
        }
        assertTrue(chunked.complete() == whole.complete(), "chunking does not change the outcome");
        if (whole.complete()) {
            assertTrue(offset == consumedWhole, "same end marker however the bytes arrive");
            assertTrue(chunked.tooLarge() == whole.tooLarge() && chunked.bareLineEnding() == whole.bareLineEnding());
            if (!whole.tooLarge()) {
                assertTrue(whole.message().length <= LIMITS.maxMessageBytes(), "never more than the limit");
                assertArrayEquals(whole.message(), chunked.message());
            }
        }
    }
}
