package org.tegami.imap.server;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.StringJoiner;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.tegami.auth.LoginThrottle;
import org.tegami.imap.protocol.ImapLimits;

/**
 * Every input and connection limit of the IMAP server (DESIGN.md house rule 5), over real TLS connections:
 * exactly at the limit the command is accepted, one past it the command is refused with the documented
 * response, and afterwards the session is either still usable (non-fatal refusals) or closed (fatal ones).
 * The limits are small so each test moves little data.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LimitsTest {

    private static final int MAX_LINE_BYTES = 1024;
    private static final int MAX_LITERAL_BYTES_BEFORE_AUTH = 256;
    private static final int MAX_LITERAL_BYTES = 2048;
    private static final int APPEND_LIMIT_BYTES = 4096;
    private static final int MAX_COMMAND_BYTES = 10_000;
    private static final int MAX_NESTING_DEPTH = 8;
    private static final int MAX_SEQUENCE_RANGES = 16;

    private static final ImapLimits SMALL_LIMITS = new ImapLimits(MAX_LINE_BYTES, MAX_LITERAL_BYTES_BEFORE_AUTH,
            MAX_LITERAL_BYTES, APPEND_LIMIT_BYTES, MAX_COMMAND_BYTES, MAX_NESTING_DEPTH, MAX_SEQUENCE_RANGES);

    /**
     * Failed logins are delayed 40, 80, then 160 ms: long enough to measure, short enough for a fast test. A
     * successful login clears the address's record, so the tests sharing the server do not disturb each other.
     */
    private static final LoginThrottle.Settings THROTTLE = new LoginThrottle.Settings(Duration.ofMillis(40),
            Duration.ofMillis(160), Duration.ofMinutes(1), 1000);

    /** Shared by the tests of input limits and failed logins; the others need settings of their own. */
    private TestImapServer server;

    @BeforeAll
    void start() {
        server = new TestImapServer(settings(SMALL_LIMITS, Duration.ofSeconds(30), 20, 1024 * 1024), THROTTLE);
    }

    private static ImapSettings settings(ImapLimits limits, Duration preAuthTimeout, int maxConnectionsPerAddress,
            int maxOutputBufferBytes) {
        return new ImapSettings("localhost", limits, preAuthTimeout, Duration.ofMinutes(30), maxConnectionsPerAddress,
                maxOutputBufferBytes, 5);
    }

    @AfterAll
    void stop() {
        server.close();
    }

    // ---------------------------------------------------------------- maxLineBytes

    @Test
    void lineOfExactlyMaxLineBytesIsAcceptedAndOneMoreIsRefused() throws IOException {
        try (ImapTestClient client = selectInbox(server)) {
            String atLimit = searchSubjectLine("t1", MAX_LINE_BYTES);
            assertEquals(MAX_LINE_BYTES, atLimit.length());
            assertTagged("t1 OK", exchange(client, "t1", atLimit));

            // The rest of the refused line is discarded, so the stream stays in step.
            assertTagged("t2 BAD Line too long", exchange(client, "t2", searchSubjectLine("t2", MAX_LINE_BYTES + 1)));
            assertNoopOk(client);

            // Far past the limit, across many TLS records: refused once, then in step again.
            assertTagged("t3 BAD Line too long", exchange(client, "t3", searchSubjectLine("t3", 10 * MAX_LINE_BYTES)));
            assertNoopOk(client);
        }
    }

    // ---------------------------------------------------------------- maxLiteralBytesBeforeAuth

    @Test
    void literalBeforeAuthenticationIsLimitedToMaxLiteralBytesBeforeAuth() throws IOException {
        try (ImapTestClient client = connect(server)) {
            client.send("a1 LOGIN " + TestImapServer.USER + " {" + MAX_LITERAL_BYTES_BEFORE_AUTH + "}");
            assertContinuation(client.readLine());
            client.sendRaw(crlf(filler(MAX_LITERAL_BYTES_BEFORE_AUTH)));
            // The literal was read and parsed: the (wrong) password is judged, not refused as too large.
            assertTagged("a1 NO [AUTHENTICATIONFAILED]", client.readUntilTagged("a1"));

            client.send("a2 LOGIN " + TestImapServer.USER + " {" + (MAX_LITERAL_BYTES_BEFORE_AUTH + 1) + "}");
            assertEquals("a2 BAD [TOOBIG] Literal too large", client.readLine(), "refused without a continuation");
            assertNoopOk(client);
            assertTagged("a3 OK", client.command("a3", "LOGIN " + TestImapServer.USER + " \""
                    + TestImapServer.PASSWORD + "\""));

            // Once authenticated the larger maxLiteralBytes applies to the same connection.
            client.send("a4 STATUS {" + (MAX_LITERAL_BYTES_BEFORE_AUTH + 1) + "}");
            assertContinuation(client.readLine());
            client.sendRaw(crlf(("x".repeat(MAX_LITERAL_BYTES_BEFORE_AUTH + 1) + " (MESSAGES)").getBytes(US_ASCII)));
            assertTagged("a4 NO", client.readUntilTagged("a4"));
        }
    }

    // ---------------------------------------------------------------- maxLiteralBytes

    @Test
    void literalAfterAuthenticationIsLimitedToMaxLiteralBytes() throws IOException {
        try (ImapTestClient client = selectInbox(server)) {
            client.send("s1 SEARCH SUBJECT {" + MAX_LITERAL_BYTES + "}");
            assertContinuation(client.readLine());
            client.sendRaw(crlf(filler(MAX_LITERAL_BYTES)));
            assertTagged("s1 OK", client.readUntilTagged("s1"));

            client.send("s2 SEARCH SUBJECT {" + (MAX_LITERAL_BYTES + 1) + "}");
            assertEquals("s2 BAD [TOOBIG] Literal too large", client.readLine(), "refused without a continuation");
            assertNoopOk(client);

            // RFC 7888: a non-synchronising literal within the limit needs no continuation.
            client.sendRaw(concat(("s3 SEARCH SUBJECT {" + MAX_LITERAL_BYTES + "+}\r\n").getBytes(US_ASCII),
                    crlf(filler(MAX_LITERAL_BYTES))));
            assertTagged("s3 OK", client.readUntilTagged("s3"));
            assertNoopOk(client);
        }
    }

    @Test
    void literalMinusAllowsNonSynchronisingLiteralsUpTo4096OctetsOnly() throws IOException {
        ImapLimits limits = new ImapLimits(MAX_LINE_BYTES, MAX_LITERAL_BYTES_BEFORE_AUTH, 8192, 8192, 20_000,
                MAX_NESTING_DEPTH, MAX_SEQUENCE_RANGES).withLiteralMinus(true);
        try (TestImapServer minus = new TestImapServer(settings(limits, Duration.ofSeconds(30), 20, 1024 * 1024),
                THROTTLE)) {
            try (ImapTestClient client = selectInbox(minus)) {
                String capability = client.command("c", "CAPABILITY").getFirst();
                assertTrue(capability.contains(" LITERAL- ") && !capability.contains("LITERAL+"), capability);
                // RFC 7888 §5: at the limit, a non-synchronising literal is taken.
                client.sendRaw(concat("p1 APPEND INBOX {4096+}\r\n".getBytes(US_ASCII), crlf(filler(4096))));
                assertTagged("p1 OK", client.readUntilTagged("p1"));
                // Past it, the literal must be synchronising; this one is, so it is asked for.
                client.sendRaw("p2 APPEND INBOX {4097}\r\n".getBytes(US_ASCII));
                assertEquals("+ Ready for literal data", client.readLine());
                client.sendRaw(crlf(filler(4097)));
                assertTagged("p2 OK", client.readUntilTagged("p2"));
                // One past it without waiting: refused, and the connection cannot be resynchronised.
                client.sendRaw(concat("p3 APPEND INBOX {4097+}\r\n".getBytes(US_ASCII), crlf(filler(4097))));
                List<String> lines = readUntilClosed(client);
                assertEquals("p3 BAD [TOOBIG] Non-synchronising literals may have at most 4096 octets",
                        lines.getFirst(), lines.toString());
                assertTrue(lines.size() == 2 && lines.get(1).startsWith("* BYE "), lines.toString());
            }
        }
    }

    @Test
    void nonSynchronisingLiteralPastMaxLiteralBytesClosesTheConnection() throws IOException {
        try (ImapTestClient client = selectInbox(server)) {
            // The client sends the bytes without waiting, so the server cannot find the next command: fatal.
            client.sendRaw(concat(("s1 SEARCH SUBJECT {" + (MAX_LITERAL_BYTES + 1) + "+}\r\n").getBytes(US_ASCII),
                    crlf(filler(MAX_LITERAL_BYTES + 1))));
            List<String> lines = readUntilClosed(client);
            assertEquals("s1 BAD [TOOBIG] Literal too large", lines.getFirst(), lines.toString());
            assertTrue(lines.size() == 2 && lines.get(1).startsWith("* BYE "), lines.toString());
        }
    }

    // ---------------------------------------------------------------- appendLimitBytes

    @Test
    void appendLimitIsAdvertisedAndEnforced() throws IOException {
        try (ImapTestClient client = login(server)) {
            List<String> capability = client.command("c1", "CAPABILITY");
            assertTrue(capability.getFirst().contains(" APPENDLIMIT=" + APPEND_LIMIT_BYTES + " ")
                    || capability.getFirst().endsWith(" APPENDLIMIT=" + APPEND_LIMIT_BYTES), capability.toString());

            // APPENDLIMIT (4096) is larger than maxLiteralBytes (2048): APPEND's message literal has its own limit.
            assertTagged("p1 OK [APPENDUID ", append(client, "p1", message(APPEND_LIMIT_BYTES)));

            client.send("p2 APPEND INBOX {" + (APPEND_LIMIT_BYTES + 1) + "}");
            assertEquals("p2 NO [TOOBIG] Message too large", client.readLine(),
                    "RFC 7889: refused with TOOBIG, without a continuation");
            assertNoopOk(client);
            assertTagged("p3 OK [APPENDUID ", append(client, "p3", message(APPEND_LIMIT_BYTES)));
        }
    }

    @Test
    void nonSynchronisingAppendPastTheLimitClosesTheConnection() throws IOException {
        try (ImapTestClient client = login(server)) {
            client.sendRaw(concat(("p1 APPEND INBOX {" + (APPEND_LIMIT_BYTES + 1) + "+}\r\n").getBytes(US_ASCII),
                    crlf(message(APPEND_LIMIT_BYTES + 1))));
            List<String> lines = readUntilClosed(client);
            assertEquals("p1 NO [TOOBIG] Message too large", lines.getFirst(), lines.toString());
            assertTrue(lines.size() == 2 && lines.get(1).startsWith("* BYE "), lines.toString());
        }
    }

    // ---------------------------------------------------------------- maxCommandBytes

    @Test
    void multiappendIsLimitedToMaxCommandBytesInTotal() throws IOException {
        try (ImapTestClient client = login(server)) {
            long before = messageCount(client);
            // Three messages, each within APPENDLIMIT, whose command is exactly maxCommandBytes long.
            int last = lastSizeForCommandOf(MAX_COMMAND_BYTES);
            assertTagged("m1 OK [APPENDUID ", multiappend(client, "m1", 4000, 4000, last));
            assertEquals(before + 3, messageCount(client));

            // One byte more in the last message: refused when it is announced, and nothing is appended.
            List<String> refused = multiappend(client, "m2", 4000, 4000, last + 1);
            assertEquals("m2 BAD [TOOBIG] Command too large", refused.getLast(), refused.toString());
            assertNoopOk(client);
            assertEquals(before + 3, messageCount(client));
        }
    }

    /** The size of the third message that makes {@code m1 APPEND INBOX {4000} .. {4000} .. {n}} exactly that long. */
    private static int lastSizeForCommandOf(int commandBytes) {
        for (int size = 1; size <= APPEND_LIMIT_BYTES; size++) {
            String lines = "m1 APPEND INBOX {4000}\r\n" + " {4000}\r\n" + " {" + size + "}\r\n";
            if (lines.length() + 4000 + 4000 + size == commandBytes) {
                return size;
            }
        }
        throw new IllegalArgumentException("no size fits " + commandBytes);
    }

    // ---------------------------------------------------------------- maxNestingDepth

    @ParameterizedTest
    @ValueSource(strings = {"NOT %s", "(%s)", "OR %s ALL"})
    void searchNestedToMaxNestingDepthIsAcceptedAndOneDeeperIsRefused(String level) throws IOException {
        try (ImapTestClient client = selectInbox(server)) {
            assertTagged("n1 OK", client.command("n1", "SEARCH " + nest(level, MAX_NESTING_DEPTH)));
            assertTagged("n2 BAD Command nested too deeply",
                    client.command("n2", "SEARCH " + nest(level, MAX_NESTING_DEPTH + 1)));
            assertNoopOk(client);
        }
    }

    private static String nest(String level, int depth) {
        String key = "ALL";
        for (int i = 0; i < depth; i++) {
            key = level.formatted(key);
        }
        return key;
    }

    // ---------------------------------------------------------------- maxSequenceRanges

    @Test
    void sequenceSetOfMaxSequenceRangesIsAcceptedAndOneMoreIsRefused() throws IOException {
        try (ImapTestClient client = selectInbox(server)) {
            assertTagged("f1 OK", client.command("f1", "UID FETCH " + ranges(MAX_SEQUENCE_RANGES) + " (FLAGS)"));
            assertTagged("f2 BAD Too many ranges in sequence set",
                    client.command("f2", "UID FETCH " + ranges(MAX_SEQUENCE_RANGES + 1) + " (FLAGS)"));
            assertTagged("f3 OK", client.command("f3", "SEARCH UID " + ranges(MAX_SEQUENCE_RANGES)));
            assertTagged("f4 BAD Too many ranges in sequence set",
                    client.command("f4", "SEARCH UID " + ranges(MAX_SEQUENCE_RANGES + 1)));
            assertNoopOk(client);
        }
    }

    /** {@code 1,3:4,6,8:9,...}: single numbers and ranges alike count as one range each. */
    private static String ranges(int count) {
        StringJoiner set = new StringJoiner(",");
        for (int i = 0; i < count; i++) {
            int start = 1 + 3 * i;
            set.add(i % 2 == 0 ? Integer.toString(start) : start + ":" + (start + 1));
        }
        return set.toString();
    }

    // ---------------------------------------------------------------- maxConnectionsPerAddress

    @Test
    void connectionsBeyondMaxConnectionsPerAddressAreRefusedUntilOneCloses() throws IOException {
        try (TestImapServer limited = new TestImapServer(settings(SMALL_LIMITS, Duration.ofSeconds(30), 3, 1024 * 1024));
             ImapTestClient first = connect(limited);
             ImapTestClient second = connect(limited);
             ImapTestClient third = connect(limited)) {
            try (ImapTestClient fourth = ImapTestClient.tls(limited.implicitTlsAddress())) {
                List<String> lines = readUntilClosed(fourth);
                assertTrue(lines.getFirst().startsWith("* BYE [UNAVAILABLE] "), lines.toString());
                assertEquals(1, lines.size(), lines.toString());
            }
            assertNoopOk(third);

            first.close();
            // The slot is given back when the server sees the close; until then new connections are refused.
            long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
            while (true) {
                try (ImapTestClient again = ImapTestClient.tls(limited.implicitTlsAddress())) {
                    String greeting = again.readLine();
                    if (greeting != null && greeting.startsWith("* OK ")) {
                        assertNoopOk(again);
                        break;
                    }
                    assertTrue(greeting == null || greeting.startsWith("* BYE [UNAVAILABLE] "), greeting);
                }
                if (System.nanoTime() > deadline) {
                    fail("the closed connection's slot was not given back");
                }
            }
            assertNoopOk(second);
        }
    }

    // ---------------------------------------------------------------- preAuthTimeout

    @Test
    void unauthenticatedConnectionIsClosedAfterPreAuthTimeoutButAnAuthenticatedOneIsNot() throws IOException {
        Duration preAuthTimeout = Duration.ofSeconds(1);
        try (TestImapServer timed = new TestImapServer(settings(SMALL_LIMITS, preAuthTimeout, 20, 1024 * 1024));
             ImapTestClient authenticated = login(timed)) {
            long start = System.nanoTime();
            try (ImapTestClient silent = connect(timed);
                 ImapTestClient partial = connect(timed)) {
                // Bytes that never complete a command do not count as activity.
                partial.sendRaw("p1 NOOP".getBytes(US_ASCII));
                for (ImapTestClient idle : List.of(silent, partial)) {
                    List<String> lines = readUntilClosed(idle);
                    assertEquals(1, lines.size(), lines.toString());
                    assertTrue(lines.getFirst().startsWith("* BYE "), lines.toString());
                }
            }
            Duration waited = Duration.ofNanos(System.nanoTime() - start);
            assertTrue(waited.compareTo(preAuthTimeout) >= 0, "closed too early, after " + waited);
            // The authenticated session has now been idle longer than preAuthTimeout: still open.
            assertNoopOk(authenticated);
        }
    }

    // ---------------------------------------------------------------- failed logins

    @Test
    void fifthFailedLoginClosesTheConnectionAndEachFailureIsDelayedLonger() throws IOException {
        long[] expectedMillis = {40, 80, 160, 160, 160};
        try (ImapTestClient client = connect(server)) {
            for (int attempt = 1; attempt <= 4; attempt++) {
                long start = System.nanoTime();
                List<String> lines = client.command("l" + attempt,
                        "LOGIN " + TestImapServer.USER + " \"wrong password\"");
                assertTagged("l" + attempt + " NO [AUTHENTICATIONFAILED]", lines);
                assertDelayedAtLeast(expectedMillis[attempt - 1], start);
            }
            // SASL failures count too: the fifth, by AUTHENTICATE PLAIN, ends the connection.
            long start = System.nanoTime();
            String plain = Base64.getEncoder().encodeToString(
                    ("\0" + TestImapServer.USER + "\0wrong password").getBytes(US_ASCII));
            client.send("l5 AUTHENTICATE PLAIN " + plain);
            List<String> lines = readUntilClosed(client);
            assertTrue(lines.getFirst().startsWith("l5 NO [AUTHENTICATIONFAILED]"), lines.toString());
            assertDelayedAtLeast(expectedMillis[4], start);
            assertTrue(lines.size() == 2 && lines.get(1).startsWith("* BYE "), lines.toString());
        }
        // The delay belongs to the address, not the connection: a new connection starts at the maximum.
        try (ImapTestClient client = connect(server)) {
            long start = System.nanoTime();
            assertTagged("l6 NO [AUTHENTICATIONFAILED]", client.command("l6",
                    "LOGIN " + TestImapServer.USER + " \"wrong password\""));
            assertDelayedAtLeast(THROTTLE.maxDelay().toMillis(), start);
            assertTagged("l7 OK", client.command("l7", "LOGIN " + TestImapServer.USER + " \""
                    + TestImapServer.PASSWORD + "\""));
        }
    }

    private static void assertDelayedAtLeast(long millis, long startNanos) {
        long elapsed = Duration.ofNanos(System.nanoTime() - startNanos).toMillis();
        assertTrue(elapsed >= millis, "answered after " + elapsed + " ms, expected at least " + millis);
    }

    // ---------------------------------------------------------------- maxOutputBufferBytes

    private static final int OUTPUT_BUFFER_BYTES = 256 * 1024;

    /**
     * A client asks for far more than the socket buffers hold and then stops reading, while another client
     * fetches a message eight times larger than maxOutputBufferBytes. What is asserted: the output queued for
     * any one session never exceeds maxOutputBufferBytes (sessions wait for the channel to become writable
     * instead of queueing more, and hand large responses over in slices); the reading client gets its whole
     * message and the tagged OK (it is not mistaken for one that does not read); and once the stalled client
     * reads again it receives every message whole and the tagged OK, so the wait was neither an error nor a
     * loss. A client that never reads again is disconnected after the idle timeout, at least 30 minutes, which
     * is not waited for here.
     */
    @Test
    void clientThatStopsReadingIsHeldWithinMaxOutputBufferBytesWhileOthersAreServed() throws IOException {
        int messages = 4;
        byte[] message = message(8 * OUTPUT_BUFFER_BYTES);
        ImapLimits limits = new ImapLimits(64 * 1024, 8 * 1024, 1024 * 1024, message.length, 2L * message.length,
                32, 10_000);
        try (TestImapServer large = new TestImapServer(settings(limits, Duration.ofSeconds(30), 20,
                     OUTPUT_BUFFER_BYTES));
             ImapTestClient slow = ImapTestClient.tls(large.implicitTlsAddress(), 16 * 1024)) {
            assertTrue(slow.readLine().startsWith("* OK "));
            assertTagged("l1 OK", slow.command("l1", "LOGIN " + TestImapServer.USER + " \""
                    + TestImapServer.PASSWORD + "\""));
            for (int i = 0; i < messages; i++) {
                assertTagged("a" + i + " OK", append(slow, "a" + i, message));
            }
            assertTagged("s1 OK", slow.command("s1", "SELECT INBOX"));
            slow.send("f1 FETCH 1:* BODY.PEEK[]");

            // Wait until the kernel's buffers are full and output queues up in the server.
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            long largest = 0;
            while (largest < 64 * 1024) {
                assertTrue(System.nanoTime() < deadline, "the server never queued output for the slow client");
                Thread.onSpinWait();
                largest = Math.max(largest, large.largestQueuedOutputBytes());
            }

            String wholeMessage = "{" + message.length + "}" + ImapTestClient.escape(new String(message, US_ASCII))
                    + ")";
            try (ImapTestClient other = login(large)) {
                assertTagged("s2 OK", other.command("s2", "EXAMINE INBOX"));
                largest = Math.max(largest, large.largestQueuedOutputBytes());
                other.send("f2 FETCH 2 BODY.PEEK[]");
                List<String> lines = readResponses(other, "f2");
                assertTagged("f2 OK", lines);
                assertTrue(lines.getFirst().endsWith(wholeMessage), () -> "the whole message: " + summary(lines));
                largest = Math.max(largest, large.largestQueuedOutputBytes());
                assertNoopOk(other);
            }
            largest = Math.max(largest, large.largestQueuedOutputBytes());
            assertTrue(largest <= OUTPUT_BUFFER_BYTES, "queued " + largest + " bytes for one client");

            List<String> lines = readResponses(slow, "f1");
            assertTagged("f1 OK", lines);
            assertEquals(messages, lines.stream().filter(l -> l.endsWith(wholeMessage)).count(), summary(lines));
        }
    }

    // ---------------------------------------------------------------- helpers

    private static ImapTestClient connect(TestImapServer target) throws IOException {
        ImapTestClient client = ImapTestClient.tls(target.implicitTlsAddress());
        String greeting = client.readLine();
        assertTrue(greeting != null && greeting.startsWith("* OK "), String.valueOf(greeting));
        return client;
    }

    private static ImapTestClient login(TestImapServer target) throws IOException {
        ImapTestClient client = connect(target);
        assertTagged("l0 OK", client.command("l0", "LOGIN " + TestImapServer.USER + " \""
                + TestImapServer.PASSWORD + "\""));
        return client;
    }

    private static ImapTestClient selectInbox(TestImapServer target) throws IOException {
        ImapTestClient client = login(target);
        assertTagged("s0 OK", client.command("s0", "SELECT INBOX"));
        return client;
    }

    /** Sends a whole line as given (tag included) and reads up to its tagged response. */
    private static List<String> exchange(ImapTestClient client, String tag, String line) throws IOException {
        client.send(line);
        return client.readUntilTagged(tag);
    }

    /** {@code tag SEARCH SUBJECT "xxx…"}, padded to exactly {@code length} bytes. */
    private static String searchSubjectLine(String tag, int length) {
        String prefix = tag + " SEARCH SUBJECT \"";
        return prefix + "x".repeat(length - prefix.length() - 1) + "\"";
    }

    private static List<String> append(ImapTestClient client, String tag, byte[] message) throws IOException {
        client.send(tag + " APPEND INBOX {" + message.length + "}");
        assertContinuation(client.readLine());
        client.sendRaw(crlf(message));
        return client.readUntilTagged(tag);
    }

    /** MULTIAPPEND (RFC 3502) with synchronising literals; stops at the first answer that is not "+". */
    private static List<String> multiappend(ImapTestClient client, String tag, int... sizes) throws IOException {
        String announcement = tag + " APPEND INBOX {" + sizes[0] + "}";
        for (int i = 0; i < sizes.length; i++) {
            client.send(announcement);
            String answer = client.readLine();
            if (!answer.startsWith("+")) {
                List<String> lines = new ArrayList<>(List.of(answer));
                if (!answer.startsWith(tag + " ")) {
                    lines.addAll(client.readUntilTagged(tag));
                }
                return lines;
            }
            byte[] body = message(sizes[i]);
            if (i + 1 < sizes.length) {
                client.sendRaw(body);
                announcement = " {" + sizes[i + 1] + "}";
            } else {
                client.sendRaw(crlf(body));
            }
        }
        return client.readUntilTagged(tag);
    }

    private static long messageCount(ImapTestClient client) throws IOException {
        List<String> lines = client.command("st", "STATUS INBOX (MESSAGES)");
        assertTagged("st OK", lines);
        String status = lines.getFirst();
        return Long.parseLong(status.substring(status.indexOf("MESSAGES ") + 9, status.lastIndexOf(')')));
    }

    private static void assertNoopOk(ImapTestClient client) throws IOException {
        assertTagged("nop OK", client.command("nop", "NOOP"));
    }

    private static void assertContinuation(String line) {
        assertTrue(line != null && line.startsWith("+"), "expected a continuation, got " + line);
    }

    private static void assertTagged(String expectedStart, List<String> lines) {
        assertTrue(!lines.isEmpty() && lines.getLast().startsWith(expectedStart),
                () -> "expected " + expectedStart + "…, got " + summary(lines));
    }

    /** Lines up to the tagged response for {@code tag}, or up to the end of the stream if the server closes. */
    private static List<String> readResponses(ImapTestClient client, String tag) throws IOException {
        List<String> lines = new ArrayList<>();
        for (String line = client.readLine(); line != null; line = client.readLine()) {
            lines.add(line);
            if (line.startsWith(tag + " ")) {
                break;
            }
        }
        return lines;
    }

    /** Response lines shortened for failure messages: a FETCH of a large message would flood the report. */
    private static String summary(List<String> lines) {
        StringJoiner joined = new StringJoiner(", ", "[", "]");
        for (String line : lines) {
            joined.add(line.length() <= 120 ? line : line.substring(0, 120) + "… (" + line.length() + " chars)");
        }
        return joined.toString();
    }

    /**
     * Reads until the server closes the connection and returns what it said. A reset after the last response
     * (the server closed with client bytes unread) counts as closed too; silence until the read timeout fails.
     */
    private static List<String> readUntilClosed(ImapTestClient client) {
        List<String> lines = new ArrayList<>();
        try {
            for (String line = client.readLine(); line != null; line = client.readLine()) {
                lines.add(line);
            }
        } catch (SocketTimeoutException e) {
            fail("the connection is still open; the server said " + lines);
        } catch (IOException e) {
            // Reset or TLS closed without close_notify: closed all the same.
        }
        assertFalse(lines.isEmpty(), "closed without a word");
        return lines;
    }

    /** A message of exactly {@code size} bytes: a header, then 76-character lines. */
    private static byte[] message(int size) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(size);
        out.writeBytes("Subject: limits\r\n\r\n".getBytes(US_ASCII));
        byte[] line = ("y".repeat(76) + "\r\n").getBytes(US_ASCII);
        while (out.size() < size) {
            out.write(line, 0, Math.min(line.length, size - out.size()));
        }
        return out.toByteArray();
    }

    private static byte[] filler(int size) {
        byte[] bytes = new byte[size];
        Arrays.fill(bytes, (byte) 'x');
        return bytes;
    }

    private static byte[] crlf(byte[] bytes) {
        return concat(bytes, "\r\n".getBytes(US_ASCII));
    }

    private static byte[] concat(byte[] first, byte[] second) {
        byte[] both = Arrays.copyOf(first, first.length + second.length);
        System.arraycopy(second, 0, both, first.length, second.length);
        return both;
    }
}
