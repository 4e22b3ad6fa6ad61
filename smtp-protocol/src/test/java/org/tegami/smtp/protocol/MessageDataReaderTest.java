package org.tegami.smtp.protocol;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;
import java.util.function.IntUnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** DATA reading: unstuffing, the end mark, chunking, SMTP smuggling variants, the size limit, pipelining. */
class MessageDataReaderTest {

    static final long NO_LIMIT = 1 << 20;

    static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    static String text(byte[] b) {
        return new String(b, StandardCharsets.ISO_8859_1);
    }

    /** What a reader made of an input: the message (null if too large), flags, and bytes consumed. */
    record Outcome(String message, boolean complete, boolean tooLarge, boolean bareLineEnding, int consumed, long messageBytes) {
    }

    /** Feeds {@code input} in chunks whose sizes {@code chunkSize} picks (given the bytes left). */
    static Outcome read(byte[] input, long max, IntUnaryOperator chunkSize) {
        MessageDataReader reader = new MessageDataReader(max);
        int offset = 0;
        int consumed = 0;
        while (offset < input.length) {
            int len = Math.max(1, Math.min(input.length - offset, chunkSize.applyAsInt(input.length - offset)));
            int used = reader.feed(input, offset, len);
            assertTrue(used >= 0 && used <= len);
            consumed += used;
            if (reader.complete()) {
                assertEquals(0, reader.feed(input, offset + used, input.length - offset - used), "nothing after the end");
                break;
            }
            assertEquals(len, used, "all of a chunk is consumed until the end mark");
            offset += len;
        }
        String message = reader.complete() && !reader.tooLarge() ? text(reader.message()) : null;
        return new Outcome(message, reader.complete(), reader.tooLarge(), reader.bareLineEnding(), consumed, reader.messageBytes());
    }

    static Outcome read(String input) {
        return read(bytes(input), NO_LIMIT, left -> left);
    }

    /** Same outcome whole, byte by byte, and in random chunks. */
    static Outcome readEveryWay(byte[] input, long max, Random random) {
        Outcome whole = read(input, max, left -> left);
        assertEquals(whole, read(input, max, left -> 1), "byte by byte");
        for (int i = 0; i < 5; i++) {
            assertEquals(whole, read(input, max, left -> 1 + random.nextInt(Math.min(left, 16))), "random chunks");
        }
        return whole;
    }

    @Test
    void readsAMessageUpToTheEndMark() {
        Outcome outcome = read("Subject: hi\r\n\r\nHello\r\n.\r\n");
        assertEquals(new Outcome("Subject: hi\r\n\r\nHello\r\n", true, false, false, 25, 22), outcome);
    }

    @Test
    void removesDotStuffing() {
        // RFC 5321 §4.5.2: the first of a line's leading dots is removed
        assertEquals("Hello\r\n.\r\n..x\r\nb\r\n", read("Hello\r\n..\r\n...x\r\n.b\r\n.\r\n").message());
        assertEquals(".\r\n", read("..\r\n.\r\n").message());
        assertEquals("a.b\r\n", read("a.b\r\n.\r\n").message());
    }

    @Test
    void aLoneDotLineIsAnEmptyMessage() {
        assertEquals(new Outcome("", true, false, false, 3, 0), read(".\r\n"));
        assertEquals("\r\n", read("\r\n.\r\n").message());
    }

    @Test
    void stopsAtTheEndMarkAndLeavesPipelinedCommands() {
        byte[] input = bytes("Hi\r\n.\r\nMAIL FROM:<a@b>\r\nRCPT TO:<c@d>\r\n");
        Outcome outcome = readEveryWay(input, NO_LIMIT, new Random(1));
        assertEquals("Hi\r\n", outcome.message());
        assertEquals(7, outcome.consumed());
        // with an offset into a larger buffer
        byte[] buffer = bytes("xxHi\r\n.\r\nQUIT\r\n");
        MessageDataReader reader = new MessageDataReader(NO_LIMIT);
        assertEquals(7, reader.feed(buffer, 2, buffer.length - 2));
        assertTrue(reader.complete());
        assertEquals(0, reader.feed(buffer, 9, buffer.length - 9));
        assertEquals("Hi\r\n", text(reader.message()));
    }

    @Test
    void incompleteUntilTheLastByteOfTheEndMark() {
        byte[] input = bytes("a\r\n.\r\n");
        MessageDataReader reader = new MessageDataReader(NO_LIMIT);
        for (int i = 0; i < input.length; i++) {
            assertFalse(reader.complete());
            assertThrows(IllegalStateException.class, reader::message);
            assertEquals(1, reader.feed(input, i, 1));
        }
        assertTrue(reader.complete());
    }

    static Stream<Arguments> smugglingVariants() {
        // each is followed by a second "message" in the same DATA; none of them may end the data
        return Stream.of(
                Arguments.of("\n.\n", "Hello\n.\n"),
                Arguments.of("\n.\r\n", "Hello\n.\r\n"),
                Arguments.of("\r.\r\n", "Hello\r.\r\n"),
                Arguments.of("\r\n.\r", "Hello\r\n\r"),
                Arguments.of("\r\n.\rX\r\n", "Hello\r\n\rX\r\n"),
                Arguments.of("\r\n.\n", "Hello\r\n\n"),
                Arguments.of("\r\n.\r\r\n", "Hello\r\n\r\r\n"),
                Arguments.of("\n\n.\n\n", "Hello\n\n.\n\n"),
                Arguments.of("\r\r.\r\r", "Hello\r\r.\r\r"),
                Arguments.of("\n", "Hello\n"),
                Arguments.of("\r", "Hello\r"));
    }

    @ParameterizedTest(name = "{index}")
    @MethodSource("smugglingVariants")
    void smugglingVariantsNeverEndTheData(String variant, String expectedStart) {
        String smuggled = "MAIL FROM:<x@evil.example>\r\nRCPT TO:<victim@example.com>\r\nDATA\r\nForged\r\n";
        String input = "Hello" + variant + smuggled + ".\r\nQUIT\r\n";
        Outcome outcome = readEveryWay(bytes(input), NO_LIMIT, new Random(variant.hashCode()));
        assertTrue(outcome.complete());
        assertTrue(outcome.bareLineEnding(), "flagged");
        assertEquals(input.length() - "QUIT\r\n".length(), outcome.consumed(), "one message, ended by the real CRLF.CRLF");
        assertTrue(outcome.message().startsWith(expectedStart), outcome.message());
        assertTrue(outcome.message().endsWith(smuggled), "the smuggled commands are message data");
    }

    @Test
    void smugglingVariantAtTheStartOfTheMessage() {
        // ".\n" and ".\r" + other at the very start are a line starting with "." but not the end mark
        Outcome lf = read(".\nstill data\r\n.\r\n");
        assertEquals(new Outcome("\nstill data\r\n", true, false, true, 17, 13), lf);
        Outcome cr = read(".\rX\r\n.\r\n");
        assertEquals(new Outcome("\rX\r\n", true, false, true, 8, 4), cr);
    }

    @Test
    void cleanMessagesAreNotFlagged() {
        Outcome outcome = read("a\r\n\r\n..b\r\nc.\r\n.\r\n");
        assertFalse(outcome.bareLineEnding());
    }

    @Test
    void sizeLimitAtTheLimitAndOnePast() {
        // 10 octets after unstuffing: "12345678\r\n"
        Outcome atLimit = read(bytes("12345678\r\n.\r\n"), 10, left -> left);
        assertEquals(new Outcome("12345678\r\n", true, false, false, 13, 10), atLimit);
        Outcome past = read(bytes("123456789\r\n.\r\nQUIT\r\n"), 10, left -> left);
        assertEquals(new Outcome(null, true, true, false, 14, 11), past);
        // the limit counts unstuffed octets: "..\r\n" is ".\r\n", 3 octets
        assertEquals(".\r\n", read(bytes("..\r\n.\r\n"), 3, left -> left).message());
        assertTrue(read(bytes("...\r\n.\r\n"), 3, left -> left).tooLarge());
        // an empty message fits a zero limit
        assertEquals("", read(bytes(".\r\n"), 0, left -> left).message());
    }

    @Test
    void tooLargeKeepsMemoryBoundedAndReadsToTheEnd() {
        int max = 1000;
        MessageDataReader reader = new MessageDataReader(max);
        byte[] line = bytes("0123456789012345678901234567890123456789012345678901234567890123456789\r\n");
        for (int i = 0; i < 20_000; i++) {
            assertEquals(line.length, reader.feed(line, 0, line.length));
            assertTrue(reader.bufferCapacity() <= max, "held bytes never exceed the limit");
        }
        assertTrue(reader.tooLarge());
        assertEquals(0, reader.bufferCapacity(), "nothing is held once too large");
        assertEquals(20_000L * line.length, reader.messageBytes());
        byte[] tail = bytes(".\r\nRSET\r\n");
        assertEquals(3, reader.feed(tail, 0, tail.length));
        assertTrue(reader.complete());
        assertThrows(IllegalStateException.class, reader::message);
        assertEquals(552, MessageDataReader.TOO_LARGE.code());
        assertEquals("5.3.4", MessageDataReader.TOO_LARGE.enhancedCode());
        assertEquals(550, MessageDataReader.BARE_LINE_ENDING.code());
        assertEquals("5.6.0", MessageDataReader.BARE_LINE_ENDING.enhancedCode());
    }

    @Test
    void bufferGrowsNoLargerThanTheLimit() {
        MessageDataReader reader = new MessageDataReader(100);
        byte[] input = bytes("x".repeat(98) + "\r\n.\r\n");
        assertEquals(input.length, reader.feed(input, 0, input.length));
        assertEquals(100, reader.message().length);
        assertTrue(reader.bufferCapacity() <= 100);
    }

    @Test
    void drainHandsOverTheMessageInPieces() {
        MessageDataReader reader = new MessageDataReader(NO_LIMIT);
        ByteArrayOutputStream spooled = new ByteArrayOutputStream();
        byte[] input = bytes("line one\r\n..two\r\nthree\r\r\n.\r\n");
        for (int i = 0; i < input.length && !reader.complete(); i += 4) {
            reader.feed(input, i, Math.min(4, input.length - i));
            spooled.writeBytes(reader.drain());
        }
        spooled.writeBytes(reader.message());
        assertEquals("line one\r\n.two\r\nthree\r\r\n", spooled.toString(StandardCharsets.ISO_8859_1));
        assertTrue(reader.bareLineEnding());
    }

    @Test
    void rejectsBadArguments() {
        assertThrows(IllegalArgumentException.class, () -> new MessageDataReader(-1));
        MessageDataReader reader = new MessageDataReader(10);
        assertThrows(IndexOutOfBoundsException.class, () -> reader.feed(new byte[4], 2, 3));
    }

    // The reader against a plain description of the rules, on random byte soup rich in CR, LF and dots.

    /** Reference: the end is the first CRLF "." CRLF, the message start counting as a CRLF (RFC 5321 §4.1.1.4). */
    static int referenceEnd(byte[] input) {
        byte[] prefixed = new byte[input.length + 2];
        prefixed[0] = '\r';
        prefixed[1] = '\n';
        System.arraycopy(input, 0, prefixed, 2, input.length);
        for (int i = 0; i + 5 <= prefixed.length; i++) {
            if (prefixed[i] == '\r' && prefixed[i + 1] == '\n' && prefixed[i + 2] == '.' && prefixed[i + 3] == '\r'
                    && prefixed[i + 4] == '\n') {
                return i + 5 - 2;
            }
        }
        return -1;
    }

    /** Reference unstuffing: drop a "." right after a CRLF (or at the start). */
    static String referenceMessage(byte[] data) {
        StringBuilder out = new StringBuilder();
        boolean lineStart = true;
        for (int i = 0; i < data.length; i++) {
            if (lineStart && data[i] == '.') {
                lineStart = false;
                continue;
            }
            out.append((char) (data[i] & 0xFF));
            lineStart = data[i] == '\n' && i > 0 && data[i - 1] == '\r';
        }
        return out.toString();
    }

    static boolean referenceBare(byte[] data) {
        for (int i = 0; i < data.length; i++) {
            if (data[i] == '\r' && (i + 1 == data.length || data[i + 1] != '\n')) {
                return true;
            }
            if (data[i] == '\n' && (i == 0 || data[i - 1] != '\r')) {
                return true;
            }
        }
        return false;
    }

    @Test
    void matchesTheReferenceOnRandomInput() {
        Random random = new Random(4_5_2);
        byte[] alphabet = bytes("\r\n.a");
        int ended = 0;
        for (int round = 0; round < 3000; round++) {
            byte[] input = new byte[random.nextInt(40)];
            for (int i = 0; i < input.length; i++) {
                input[i] = alphabet[random.nextInt(alphabet.length)];
            }
            Outcome outcome = read(input, NO_LIMIT, left -> 1 + random.nextInt(Math.min(left, 8)));
            int end = referenceEnd(input);
            assertEquals(end >= 0, outcome.complete(), () -> Arrays.toString(input));
            if (end >= 0) {
                ended++;
                byte[] data = Arrays.copyOf(input, end - 3);
                assertEquals(end, outcome.consumed());
                assertEquals(referenceMessage(data), outcome.message());
                assertEquals(referenceBare(data), outcome.bareLineEnding());
            } else {
                assertEquals(input.length, outcome.consumed());
            }
        }
        assertTrue(ended > 100, "the soup ends often enough to test something");
    }

    // dotStuff, the client side

    @Test
    void dotStuffExamples() {
        assertEquals("a\r\n..b\r\n...\r\n.\r\n", text(MessageDataReader.dotStuff(bytes("a\r\n.b\r\n..\r\n"))));
        assertEquals(".\r\n", text(MessageDataReader.dotStuff(new byte[0])));
        assertEquals("no newline\r\n.\r\n", text(MessageDataReader.dotStuff(bytes("no newline"))));
        assertEquals("..\r\n.\r\n", text(MessageDataReader.dotStuff(bytes("."))));
        assertEquals("\r\n.\r\n", text(MessageDataReader.dotStuff(bytes("\r\n"))));
        // bare CR and LF go out as CRLF, so the next hop cannot find an end mark we did not send
        assertEquals("a\r\n..\r\n\r\nb\r\n..c\r\n.\r\n", text(MessageDataReader.dotStuff(bytes("a\n.\n\rb\r.c"))));
        assertEquals("x\r\n\r\n..\r\n.\r\n", text(MessageDataReader.dotStuff(bytes("x\r\r\n.\r\n"))));
    }

    @Test
    void dotStuffThenReadGivesTheMessageBack() {
        Random random = new Random(3030);
        byte[] lineAlphabet = bytes("..ab \t\u00e9\u0000x");
        for (int round = 0; round < 1000; round++) {
            ByteArrayOutputStream message = new ByteArrayOutputStream();
            int lines = random.nextInt(6);
            for (int l = 0; l < lines; l++) {
                int length = random.nextInt(12);
                for (int i = 0; i < length; i++) {
                    message.write(lineAlphabet[random.nextInt(lineAlphabet.length)]);
                }
                if (l < lines - 1 || random.nextBoolean()) {
                    message.writeBytes(bytes("\r\n"));
                }
            }
            byte[] original = message.toByteArray();
            byte[] stuffed = MessageDataReader.dotStuff(original);
            byte[] withPipelined = Arrays.copyOf(stuffed, stuffed.length + 6);
            System.arraycopy(bytes("QUIT\r\n"), 0, withPipelined, stuffed.length, 6);
            Outcome outcome = read(withPipelined, NO_LIMIT, left -> 1 + random.nextInt(Math.min(left, 10)));
            String expected = text(original);
            if (!expected.isEmpty() && !expected.endsWith("\r\n")) {
                expected += "\r\n";
            }
            assertEquals(expected, outcome.message());
            assertEquals(stuffed.length, outcome.consumed());
            assertFalse(outcome.bareLineEnding());
        }
    }
}
