package org.tegami.imap.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.tegami.store.postgres.PostgresTestDatabase;

/**
 * SORT (DATE), SEARCH and ESEARCH over a mailbox of many messages whose answers are written from primitive
 * arrays: the order must be RFC 5256 §3's (sent date in UTC, INTERNALDATE without a Date header, ties by sequence
 * number even under REVERSE), checked against an order computed here from the messages as appended; the
 * sequence sets of ESEARCH ALL and PARTIAL must name exactly the matching messages, in runs.
 */
class BigResultTest {

    private static final int MESSAGES = 1200;
    /** Few distinct dates, so that most messages tie with many others. */
    private static final int DATES = 7;
    private static final Instant BASE = Instant.parse("2026-03-01T10:00:00Z");
    /** Hours east of UTC of the Date headers (not 0, which RFC_1123_DATE_TIME writes as the obsolete GMT). */
    private static final int[] ZONES = {-7, -2, 1, 3, 9};
    private static final DateTimeFormatter HEADER = DateTimeFormatter.RFC_1123_DATE_TIME;
    private static final DateTimeFormatter INTERNAL =
            DateTimeFormatter.ofPattern("dd-MMM-yyyy HH:mm:ss Z", Locale.ROOT);

    /** A message's sequence number (= UID in a fresh mailbox) and its SORT DATE key. */
    private record Sent(int seq, Instant key, boolean seen) {
    }

    private static ImapTestClient login(TestImapServer server) throws IOException {
        ImapTestClient client = ImapTestClient.tls(server.implicitTlsAddress());
        // Many durable appends in one MULTIAPPEND can outlast the default read timeout on a loaded machine.
        client.setReadTimeoutMillis(120_000);
        client.readLine();
        client.command("l", "LOGIN " + TestImapServer.USER + " \"" + TestImapServer.PASSWORD + "\"");
        return client;
    }

    /**
     * Appends the messages in one MULTIAPPEND: most with a Date header (in several zones, so that the key is
     * the instant, not the local time), some without one and an INTERNALDATE instead, some with \Seen.
     */
    private static List<Sent> append(ImapTestClient client) throws IOException {
        Random random = new Random(5256);
        List<Sent> sent = new ArrayList<>();
        ByteArrayOutputStream command = new ByteArrayOutputStream();
        command.writeBytes("m APPEND INBOX".getBytes(StandardCharsets.US_ASCII));
        for (int i = 1; i <= MESSAGES; i++) {
            Instant key = BASE.plusSeconds(3600L * random.nextInt(DATES));
            boolean seen = random.nextInt(3) == 0;
            String header = "";
            String internal = "";
            if (random.nextInt(10) == 0) {
                internal = " \"" + INTERNAL.format(key.atZone(ZoneOffset.ofHours(-5))) + "\"";
            } else {
                ZonedDateTime local = key.atZone(ZoneOffset.ofHours(ZONES[random.nextInt(ZONES.length)]));
                header = "Date: " + HEADER.format(local) + "\r\n";
            }
            byte[] message = (header + "Subject: " + i + "\r\n\r\nbody\r\n").getBytes(StandardCharsets.US_ASCII);
            command.writeBytes(((seen ? " (\\Seen)" : "") + internal + " {" + message.length + "+}\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            command.writeBytes(message);
            sent.add(new Sent(i, key, seen));
        }
        command.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
        client.sendRaw(command.toByteArray());
        assertTrue(client.readUntilTagged("m").getLast().startsWith("m OK"));
        return sent;
    }

    private static String numbers(Stream<Sent> messages) {
        return messages.map(m -> String.valueOf(m.seq())).collect(Collectors.joining(" "));
    }

    /** The one untagged line starting with {@code prefix} of a command, checked to end OK. */
    private static String answer(ImapTestClient client, String tag, String command, String prefix)
            throws IOException {
        List<String> lines = client.command(tag, command);
        assertTrue(lines.getLast().startsWith(tag + " OK"), lines.getLast());
        List<String> found = lines.stream().filter(l -> l.startsWith(prefix)).toList();
        assertEquals(1, found.size(), command);
        return found.getFirst();
    }

    /** A sequence set of ascending runs (RFC 9051 §9), written as the test expects it. */
    private static String runs(List<Integer> numbers) {
        StringBuilder sb = new StringBuilder();
        int i = 0;
        while (i < numbers.size()) {
            int j = i;
            while (j + 1 < numbers.size() && numbers.get(j + 1) == numbers.get(j) + 1) {
                j++;
            }
            sb.append(sb.isEmpty() ? "" : ",").append(numbers.get(i));
            if (j > i) {
                sb.append(':').append(numbers.get(j));
            }
            i = j + 1;
        }
        return sb.toString();
    }

    @ParameterizedTest
    @EnumSource(TestImapServer.Backend.class)
    void sortByDateBreaksTiesBySequenceNumberEvenReversed(TestImapServer.Backend backend) throws IOException {
        if (backend == TestImapServer.Backend.POSTGRES) {
            PostgresTestDatabase.requireAvailable();
        }
        try (TestImapServer server = new TestImapServer(backend); ImapTestClient client = login(server)) {
            List<Sent> sent = append(client);
            assertTrue(client.command("s", "SELECT INBOX").getLast().startsWith("s OK"));
            Comparator<Sent> bySeq = Comparator.comparingInt(Sent::seq);
            Comparator<Sent> byDate = Comparator.comparing(Sent::key);
            List<Sent> ascending = sent.stream().sorted(byDate.thenComparing(bySeq)).toList();
            // RFC 5256 §3: REVERSE reverses the criterion, not the tie-break by sequence number.
            List<Sent> descending = sent.stream().sorted(byDate.reversed().thenComparing(bySeq)).toList();

            assertEquals("* SORT " + numbers(ascending.stream()),
                    answer(client, "a1", "SORT (DATE) UTF-8 ALL", "* SORT"));
            assertEquals("* SORT " + numbers(descending.stream()),
                    answer(client, "a2", "SORT (REVERSE DATE) UTF-8 ALL", "* SORT"));
            // A later DATE compares the same key again: the first criterion decides.
            assertEquals("* SORT " + numbers(descending.stream()),
                    answer(client, "a3", "UID SORT (REVERSE DATE DATE) US-ASCII ALL", "* SORT"));
            assertEquals("* SORT " + numbers(ascending.stream().filter(m -> !m.seen())),
                    answer(client, "a4", "SORT (DATE) UTF-8 UNSEEN", "* SORT"));
            // RFC 5267 §3: ESORT ALL keeps sort order, with ranges only where it ascends one by one.
            assertEquals("* ESEARCH (TAG \"a5\") UID MIN " + descending.getFirst().seq() + " MAX "
                            + descending.getLast().seq() + " COUNT " + MESSAGES + " ALL "
                            + runsInOrder(descending.stream().map(Sent::seq).toList()),
                    answer(client, "a5", "UID SORT RETURN (MIN MAX COUNT ALL) (REVERSE DATE) UTF-8 ALL",
                            "* ESEARCH"));
            List<Integer> page = ascending.subList(100, 400).stream().map(Sent::seq).toList();
            assertEquals("* ESEARCH (TAG \"a6\") PARTIAL (101:400 " + runsInOrder(page) + ")",
                    answer(client, "a6", "SORT RETURN (PARTIAL 101:400) (DATE) UTF-8 ALL", "* ESEARCH"));
            // The same order kept as a context (RFC 5267 §4.3) comes from the general path: it must agree.
            assertEquals("* ESEARCH (TAG \"a7\") ALL " + runsInOrder(ascending.stream().map(Sent::seq).toList()),
                    answer(client, "a7", "SORT RETURN (ALL UPDATE) (DATE) UTF-8 ALL", "* ESEARCH"));
        }
    }

    /** Like {@link #runs} for a list in any order: a range only where the numbers ascend one by one. */
    private static String runsInOrder(List<Integer> numbers) {
        List<String> parts = new ArrayList<>();
        int i = 0;
        while (i < numbers.size()) {
            int j = i;
            while (j + 1 < numbers.size() && numbers.get(j + 1) == numbers.get(j) + 1) {
                j++;
            }
            parts.add(j > i ? numbers.get(i) + ":" + numbers.get(j) : String.valueOf(numbers.get(i)));
            i = j + 1;
        }
        return String.join(",", parts);
    }

    @Test
    void searchListsEveryNumberAndEsearchNamesTheSameMessagesAsRuns() throws IOException {
        try (TestImapServer server = new TestImapServer(); ImapTestClient client = login(server)) {
            List<Sent> sent = append(client);
            assertTrue(client.command("s", "SELECT INBOX").getLast().startsWith("s OK"));
            client.command("x", "STORE 2,5:9 -FLAGS.SILENT (\\Seen)");
            List<Integer> unseen = sent.stream()
                    .filter(m -> !m.seen() || m.seq() == 2 || m.seq() >= 5 && m.seq() <= 9).map(Sent::seq).toList();
            // IMAP4rev1 SEARCH (RFC 9051 §7.3.5 for IMAP4rev1 clients): every number, no ranges.
            assertEquals("* SEARCH " + unseen.stream().map(String::valueOf).collect(Collectors.joining(" ")),
                    answer(client, "a1", "UID SEARCH UNSEEN", "* SEARCH"));
            assertEquals("* SEARCH " + IntStream.rangeClosed(1, MESSAGES).mapToObj(String::valueOf)
                    .collect(Collectors.joining(" ")), answer(client, "a2", "SEARCH ALL", "* SEARCH"));
            // RFC 4731 §3.1: ESEARCH ALL is a sequence-set.
            assertEquals("* ESEARCH (TAG \"a3\") UID MIN " + unseen.getFirst() + " MAX " + unseen.getLast()
                            + " COUNT " + unseen.size() + " ALL " + runs(unseen),
                    answer(client, "a3", "UID SEARCH RETURN (MIN MAX COUNT ALL) UNSEEN", "* ESEARCH"));
            assertEquals("* ESEARCH (TAG \"a4\") ALL 1:" + MESSAGES,
                    answer(client, "a4", "SEARCH RETURN () ALL", "* ESEARCH"));
            // RFC 9394 §3.1: the last 500 results, a page beyond them is NIL.
            assertEquals("* ESEARCH (TAG \"a5\") PARTIAL (-1:-500 " + runs(unseen.subList(unseen.size() - 500,
                    unseen.size())) + ")", answer(client, "a5", "SEARCH RETURN (PARTIAL -1:-500) UNSEEN", "* ESEARCH"));
            assertEquals("* ESEARCH (TAG \"a6\") PARTIAL (5000:5100 NIL)",
                    answer(client, "a6", "SEARCH RETURN (PARTIAL 5000:5100) UNSEEN", "* ESEARCH"));
        }
    }
}
