package org.tegami.imap.protocol;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class CommandFramerTest {

    /** Small limits so that each can be reached: line 40, literal 10 / 100, APPEND 1000, command 1100. */
    static final ImapLimits LIMITS = new ImapLimits(40, 10, 100, 1000, 1100, 8, 100);

    private static final String CONTINUE = "+";

    /** Events as comparable strings: frames as text, "+" for a continuation, "REJECTED tag PROBLEM fatal". */
    static List<String> describe(List<FramerEvent> events) {
        List<String> described = new ArrayList<>();
        for (FramerEvent event : events) {
            described.add(switch (event) {
                case FramerEvent.Frame frame -> new String(frame.bytes(), StandardCharsets.ISO_8859_1);
                case FramerEvent.LiteralContinuation continuation -> CONTINUE;
                case FramerEvent.Rejected rejected ->
                        "REJECTED " + rejected.tag() + " " + rejected.problem() + (rejected.fatal() ? " fatal" : "");
            });
        }
        return described;
    }

    private static List<String> feedWhole(CommandFramer framer, String input) {
        byte[] bytes = input.getBytes(StandardCharsets.ISO_8859_1);
        return describe(framer.feed(bytes, 0, bytes.length));
    }

    private static List<String> feedWhole(String input, boolean authenticated) {
        CommandFramer framer = new CommandFramer(LIMITS);
        framer.setAuthenticated(authenticated);
        return feedWhole(framer, input);
    }

    private static List<String> feedInChunks(String input, boolean authenticated, int chunkSize) {
        CommandFramer framer = new CommandFramer(LIMITS);
        framer.setAuthenticated(authenticated);
        byte[] bytes = input.getBytes(StandardCharsets.ISO_8859_1);
        List<FramerEvent> events = new ArrayList<>();
        for (int offset = 0; offset < bytes.length; offset += chunkSize) {
            events.addAll(framer.feed(bytes, offset, Math.min(chunkSize, bytes.length - offset)));
        }
        return describe(events);
    }

    /** The same events whether the input comes at once, byte by byte, or in odd chunks. */
    private static List<String> frame(String input, boolean authenticated) {
        List<String> whole = feedWhole(input, authenticated);
        for (int chunkSize : new int[] {1, 2, 3, 7, 16}) {
            assertEquals(whole, feedInChunks(input, authenticated, chunkSize), "chunk size " + chunkSize);
        }
        return whole;
    }

    private static List<String> frame(String input) {
        return frame(input, true);
    }

    private static String x(int count) {
        return "x".repeat(count);
    }

    // ---------------------------------------------------------------- lines and literals

    @Test
    void framesLinesEndingInCrlfOrLf() {
        assertEquals(List.of("a NOOP", "b CAPABILITY", "c LOGOUT"), frame("a NOOP\r\nb CAPABILITY\nc LOGOUT\r\n"));
    }

    @Test
    void passesEmptyLinesOnAndWaitsForTheLineEnd() {
        // Empty frames are for SASL's empty responses; the session ignores them between commands.
        assertEquals(List.of("", "", "", "a NOOP"), frame("\r\n\n\r\na NOOP\r\nb NO"));
    }

    @Test
    void keepsABareCrInsideTheFrame() {
        assertEquals(List.of("a NO\rOP"), frame("a NO\rOP\r\n"));
    }

    @Test
    void framesSynchronisingLiteralsWithContinuations() {
        assertEquals(List.of(CONTINUE, CONTINUE, "a LOGIN {5}\r\nalice {6}\r\nsecret"),
                frame("a LOGIN {5}\r\nalice {6}\r\nsecret\r\n"));
    }

    @Test
    void framesNonSynchronisingLiteralsWithoutContinuation() {
        assertEquals(List.of("a LOGIN {5+}\r\nalice {6+}\nsecret"), frame("a LOGIN {5+}\r\nalice {6+}\nsecret\r\n"));
    }

    @Test
    void literalBytesAreNotInterpretedAsLineEnds() {
        assertEquals(List.of(CONTINUE, "a APPEND INBOX {10}\r\nx\r\ny\n{3}\r\n", "b NOOP"),
                frame("a APPEND INBOX {10}\r\nx\r\ny\n{3}\r\n\r\nb NOOP\r\n"));
    }

    @Test
    void framesLiteral8AndEmptyLiterals() {
        assertEquals(List.of("a APPEND INBOX ~{3+}\r\n\0\1\2", CONTINUE, "b LOGIN {0}\r\n {0+}\r\n"),
                frame("a APPEND INBOX ~{3+}\r\n\0\1\2\r\nb LOGIN {0}\r\n {0+}\r\n\r\n"));
    }

    @Test
    void aClosingBraceAloneIsNoLiteral() {
        assertEquals(List.of("a SELECT foo}", "b SELECT \"{5}\""), frame("a SELECT foo}\r\nb SELECT \"{5}\"\r\n"));
    }

    // ---------------------------------------------------------------- maxLineBytes

    @Test
    void acceptsALineAtTheLimit() {
        String line = "a SELECT " + x(40 - 9);
        assertEquals(List.of(line, "b NOOP"), frame(line + "\r\nb NOOP\r\n"));
        assertEquals(List.of(line), frame(line + "\n"));
    }

    @Test
    void rejectsALineOnePastTheLimitAndRecovers() {
        String line = "a SELECT " + x(41 - 9);
        assertEquals(List.of("REJECTED a LINE_TOO_LONG", "b NOOP"), frame(line + "\r\nb NOOP\r\n"));
        assertEquals(List.of("REJECTED a LINE_TOO_LONG", "b NOOP"), frame(line + x(5000) + "\r\nb NOOP\r\n"));
    }

    @Test
    void aCrAtTheLimitMustEndTheLine() {
        String line = "a SELECT " + x(40 - 9);
        assertEquals(List.of("REJECTED a LINE_TOO_LONG", "b NOOP"), frame(line + "\rx\r\nb NOOP\r\n"));
    }

    @Test
    void limitsEachSegmentBetweenLiterals() {
        String atLimit = " " + x(39);
        assertEquals(List.of(CONTINUE, "a LOGIN {1}\r\nu" + atLimit), frame("a LOGIN {1}\r\nu" + atLimit + "\r\n"));
        assertEquals(List.of(CONTINUE, "REJECTED a LINE_TOO_LONG", "b NOOP"),
                frame("a LOGIN {1}\r\nu" + atLimit + "x\r\nb NOOP\r\n"));
    }

    @Test
    void rejectedLineWithoutTagHasNoTag() {
        assertEquals(List.of("REJECTED null LINE_TOO_LONG"), frame(x(100) + "\r\n"));
        assertEquals(List.of("REJECTED null LINE_TOO_LONG"), frame("+a " + x(100) + "\r\n"));
    }

    @Test
    void skipsTheNonSynchronisingLiteralOfADiscardedLine() {
        String tooLong = "a LOGIN " + x(40) + " {5+}\r\nhello rest of command\r\nb NOOP\r\n";
        assertEquals(List.of("REJECTED a LINE_TOO_LONG", "b NOOP"), frame(tooLong));
        String withEmptyLiteral = "a LOGIN " + x(40) + " {0+}\r\n rest\r\nb NOOP\r\n";
        assertEquals(List.of("REJECTED a LINE_TOO_LONG", "b NOOP"), frame(withEmptyLiteral));
    }

    @Test
    void resumesAfterTheLineOfADiscardedSynchronisingLiteral() {
        // The client waits for "+" that never comes, reads the BAD, and goes on.
        assertEquals(List.of("REJECTED a LINE_TOO_LONG", "b NOOP"), frame("a LOGIN " + x(40) + " {5}\r\nb NOOP\r\n"));
    }

    // ---------------------------------------------------------------- literal limits

    @Test
    void literalLimitBeforeAuthentication() {
        assertEquals(List.of(CONTINUE, "a LOGIN {10}\r\n" + x(10) + " p"), frame("a LOGIN {10}\r\n" + x(10) + " p\r\n", false));
        assertEquals(List.of("REJECTED a LITERAL_TOO_LARGE", "b NOOP"), frame("a LOGIN {11}\r\nb NOOP\r\n", false));
    }

    @Test
    void literalLimitAfterAuthentication() {
        assertEquals(List.of(CONTINUE, "a SELECT {100}\r\n" + x(100)), frame("a SELECT {100}\r\n" + x(100) + "\r\n"));
        assertEquals(List.of("REJECTED a LITERAL_TOO_LARGE", "b NOOP"), frame("a SELECT {101}\r\nb NOOP\r\n"));
    }

    @Test
    void appendLimitAppliesToAppendAfterAuthentication() {
        assertEquals(List.of(CONTINUE, "a APPEND INBOX {1000}\r\n" + x(1000)),
                frame("a APPEND INBOX {1000}\r\n" + x(1000) + "\r\n"));
        assertEquals(List.of("a append INBOX {1000+}\r\n" + x(1000)),
                frame("a append INBOX {1000+}\r\n" + x(1000) + "\r\n"));
        assertEquals(List.of("REJECTED a APPEND_TOO_LARGE", "b NOOP"), frame("a APPEND INBOX {1001}\r\nb NOOP\r\n"));
        assertEquals(List.of("REJECTED a LITERAL_TOO_LARGE", "b NOOP"),
                frame("a APPEND INBOX {11}\r\nb NOOP\r\n", false));
        assertEquals(List.of("REJECTED a LITERAL_TOO_LARGE"), frame("a APPENDX INBOX {101}\r\n"));
        // RFC 8508: REPLACE's literal is a message too.
        assertEquals(List.of(CONTINUE, "a REPLACE 1 INBOX {1000}\r\n" + x(1000)),
                frame("a REPLACE 1 INBOX {1000}\r\n" + x(1000) + "\r\n"));
        assertEquals(List.of("a uid replace 1 INBOX {1000+}\r\n" + x(1000)),
                frame("a uid replace 1 INBOX {1000+}\r\n" + x(1000) + "\r\n"));
        assertEquals(List.of("REJECTED a APPEND_TOO_LARGE", "b NOOP"), frame("a REPLACE 1 INBOX {1001}\r\nb NOOP\r\n"));
    }

    @Test
    void tooLargeNonSynchronisingLiteralIsFatal() {
        CommandFramer framer = new CommandFramer(LIMITS);
        assertEquals(List.of("REJECTED a LITERAL_TOO_LARGE fatal"), feedWhole(framer, "a LOGIN {11+}\r\n" + x(11) + "\r\n"));
        assertEquals(List.of(), feedWhole(framer, "b NOOP\r\n"));
        framer.reset();
        assertEquals(List.of("c NOOP"), feedWhole(framer, "c NOOP\r\n"));
        assertEquals(List.of("REJECTED a APPEND_TOO_LARGE fatal"), frame("a APPEND INBOX {1001+}\r\n" + x(1001) + "\r\n"));
    }

    @Test
    void literalMinusAcceptsNonSynchronisingLiteralsUpTo4096Octets() {
        ImapLimits limits = new ImapLimits(40, 10, 10_000, 10_000, 20_000, 8, 100).withLiteralMinus(true);
        CommandFramer atLimit = new CommandFramer(limits);
        atLimit.setAuthenticated(true);
        assertEquals(List.of("a APPEND INBOX {4096+}\r\n" + x(4096)),
                feedWhole(atLimit, "a APPEND INBOX {4096+}\r\n" + x(4096) + "\r\n"));
        CommandFramer onePast = new CommandFramer(limits);
        onePast.setAuthenticated(true);
        assertEquals(List.of("REJECTED a LITERAL_TOO_LARGE fatal"),
                feedWhole(onePast, "a APPEND INBOX {4097+}\r\n" + x(4097) + "\r\nb NOOP\r\n"));
        CommandFramer synchronising = new CommandFramer(limits);
        synchronising.setAuthenticated(true);
        assertEquals(List.of(CONTINUE, "a APPEND INBOX {4097}\r\n" + x(4097)),
                feedWhole(synchronising, "a APPEND INBOX {4097}\r\n" + x(4097) + "\r\n"));
        CommandFramer plus = new CommandFramer(limits.withLiteralMinus(false));
        plus.setAuthenticated(true);
        assertEquals(List.of("a APPEND INBOX {4097+}\r\n" + x(4097)),
                feedWhole(plus, "a APPEND INBOX {4097+}\r\n" + x(4097) + "\r\n"));
    }

    @Test
    void setAuthenticatedChangesTheLimit() {
        CommandFramer framer = new CommandFramer(LIMITS);
        assertEquals(List.of("REJECTED a LITERAL_TOO_LARGE"), feedWhole(framer, "a SELECT {50}\r\n"));
        framer.setAuthenticated(true);
        assertEquals(List.of(CONTINUE), feedWhole(framer, "a SELECT {50}\r\n"));
    }

    // ---------------------------------------------------------------- maxCommandBytes

    @Test
    void commandLimitCountsEveryLiteral() {
        String first = "a APPEND INBOX {1000+}\r\n" + x(1000) + " {";
        String atLimit = first + "68+}\r\n" + x(68);
        assertEquals(1100, atLimit.length());
        assertEquals(List.of(atLimit, "b NOOP"), frame(atLimit + "\r\nb NOOP\r\n"));
        String syncAtLimit = first + "69}\r\n" + x(69);
        assertEquals(1100, syncAtLimit.length());
        assertEquals(List.of(CONTINUE, syncAtLimit), frame(syncAtLimit + "\r\n"));
        assertEquals(List.of("REJECTED a COMMAND_TOO_LARGE", "b NOOP"), frame(first + "70}\r\nb NOOP\r\n"));
        assertEquals(List.of("REJECTED a COMMAND_TOO_LARGE fatal"), frame(first + "69+}\r\n" + x(69) + "\r\n"));
    }

    @Test
    void commandLimitCountsLineBytesAfterLiterals() {
        String first = "a APPEND INBOX {1000+}\r\n" + x(1000) + " {40+}\r\n" + x(40);
        String atLimit = first + " ".repeat(1100 - first.length());
        assertEquals(28, 1100 - first.length());
        assertEquals(List.of(atLimit), frame(atLimit + "\r\n"));
        assertEquals(List.of("REJECTED a COMMAND_TOO_LARGE", "b NOOP"), frame(atLimit + "y\r\nb NOOP\r\n"));
    }

    // ---------------------------------------------------------------- malformed announcements and reset

    static Stream<String> malformedAnnouncements() {
        return Stream.of("a LOGIN {12a}\r\n", "a LOGIN {}\r\n", "a LOGIN {+}\r\n", "a LOGIN {-1}\r\n",
                "a LOGIN {99999999999999999999}\r\n", "a LOGIN {1a2+}\r\n", "a LOGIN ~{x+}\r\n");
    }

    @ParameterizedTest
    @MethodSource("malformedAnnouncements")
    void rejectsMalformedAnnouncementAndRecovers(String line) {
        assertEquals(List.of("REJECTED a BAD_LITERAL", "b NOOP"), frame(line + "b NOOP\r\n"));
    }

    @Test
    void hugeButWellFormedLiteralIsTooLarge() {
        assertEquals(List.of("REJECTED a LITERAL_TOO_LARGE", "b NOOP"),
                frame("a LOGIN {9223372036854775807}\r\nb NOOP\r\n"));
    }

    @Test
    void resetDropsThePartialCommand() {
        CommandFramer framer = new CommandFramer(LIMITS);
        assertEquals(List.of(CONTINUE), feedWhole(framer, "a LOGIN {5}\r\nal"));
        framer.reset();
        assertEquals(List.of("b NOOP"), feedWhole(framer, "b NOOP\r\n"));
        assertEquals(List.of(), feedWhole(framer, "c LOG"));
        framer.reset();
        assertEquals(List.of("IN x y"), feedWhole(framer, "IN x y\r\n"));
    }

    @Test
    void framesALargeAppendWithTheDefaultLimits() {
        CommandFramer framer = new CommandFramer(ImapLimits.DEFAULTS);
        framer.setAuthenticated(true);
        byte[] message = new byte[5 * 1024 * 1024 + 3];
        new Random(1).nextBytes(message);
        byte[] header = "a APPEND INBOX {5242883}\r\n".getBytes(StandardCharsets.US_ASCII);
        assertEquals(List.of(CONTINUE), describe(framer.feed(header, 0, header.length)));
        for (int offset = 0; offset < message.length; offset += 65536) {
            assertEquals(List.of(), framer.feed(message, offset, Math.min(65536, message.length - offset)));
        }
        List<FramerEvent> events = framer.feed(new byte[] {'\r', '\n'}, 0, 2);
        byte[] expected = new byte[header.length + message.length];
        System.arraycopy(header, 0, expected, 0, header.length);
        System.arraycopy(message, 0, expected, header.length, message.length);
        assertEquals(1, events.size());
        assertArrayEquals(expected, ((FramerEvent.Frame) events.getFirst()).bytes());
    }

    @Test
    void randomChunkingGivesTheSameEvents() {
        String script = "a LOGIN {5}\r\nalice {6+}\r\nsecret\r\n" + "b " + x(60) + "\r\n" + "c SELECT {101}\r\n"
                + "d APPEND INBOX (\\Seen) {20}\r\n" + x(20) + " ~{3+}\r\nabc\r\n" + "e SELECT {1x}\r\n"
                + "f " + x(50) + " {4+}\r\nabcd more\r\n" + "g NOOP\n";
        List<String> expected = feedWhole(script, true);
        assertEquals(List.of(CONTINUE, "a LOGIN {5}\r\nalice {6+}\r\nsecret", "REJECTED b LINE_TOO_LONG",
                "REJECTED c LITERAL_TOO_LARGE", CONTINUE, "d APPEND INBOX (\\Seen) {20}\r\n" + x(20) + " ~{3+}\r\nabc",
                "REJECTED e BAD_LITERAL", "REJECTED f LINE_TOO_LONG", "g NOOP"), expected);
        Random random = new Random(42);
        byte[] bytes = script.getBytes(StandardCharsets.ISO_8859_1);
        for (int round = 0; round < 200; round++) {
            CommandFramer framer = new CommandFramer(LIMITS);
            framer.setAuthenticated(true);
            List<FramerEvent> events = new ArrayList<>();
            int offset = 0;
            while (offset < bytes.length) {
                int length = Math.min(bytes.length - offset, random.nextInt(40));
                events.addAll(framer.feed(bytes, offset, length));
                offset += length;
            }
            assertEquals(expected, describe(events));
        }
    }

    @Test
    void anEmptyLineIsAnEmptyFrameForAnEmptySaslResponse() {
        assertEquals(List.of("", "a NOOP", ""), frame("\r\na NOOP\r\n\n"));
    }
}
