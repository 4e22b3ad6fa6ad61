package org.tegami.imap.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.tegami.imap.protocol.ImapLimits;

/**
 * QRESYNC (RFC 7162 §3.2.5) as a device that was offline sees it: after many changes by another session it
 * learns exactly the UIDs that vanished and the flags that changed; and the expunge horizon
 * ({@code maxRememberedExpunges}) at the limit and one past it, where the answer becomes a full
 * resynchronisation that may repeat UIDs the client already knew were gone but never misses one.
 */
class QresyncTest {

    private static final Pattern FETCH = Pattern.compile("^\\* \\d+ FETCH \\(UID (\\d+) FLAGS \\(([^)]*)\\) MODSEQ \\((\\d+)\\)\\)$");
    private static final Pattern UIDVALIDITY = Pattern.compile("\\[UIDVALIDITY (\\d+)]");
    private static final Pattern HIGHESTMODSEQ = Pattern.compile("\\[HIGHESTMODSEQ (\\d+)]");
    private static final List<String> FLAGS = List.of("\\Seen", "\\Flagged", "\\Answered", "$Label1");

    private static ImapTestClient login(TestImapServer server) throws IOException {
        ImapTestClient client = ImapTestClient.tls(server.implicitTlsAddress());
        client.readLine();
        ok(client.command("l", "LOGIN " + TestImapServer.USER + " \"" + TestImapServer.PASSWORD + "\""));
        ok(client.command("e", "ENABLE QRESYNC IMAP4rev2"));
        return client;
    }

    private static List<String> ok(List<String> lines) {
        assertTrue(lines.getLast().matches("^\\S+ OK.*"), lines.toString());
        return lines;
    }

    /** Appends {@code count} messages in one MULTIAPPEND. */
    private static void appendMany(ImapTestClient client, int count) throws IOException {
        ByteArrayOutputStream command = new ByteArrayOutputStream();
        command.writeBytes("m APPEND INBOX".getBytes(StandardCharsets.US_ASCII));
        for (int i = 0; i < count; i++) {
            byte[] message = ("Subject: message " + i + "\r\n\r\nbody " + i + "\r\n").getBytes(StandardCharsets.US_ASCII);
            command.writeBytes((" {" + message.length + "+}\r\n").getBytes(StandardCharsets.US_ASCII));
            command.writeBytes(message);
        }
        command.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
        client.sendRaw(command.toByteArray());
        ok(client.readUntilTagged("m"));
    }

    private static long find(Pattern pattern, List<String> lines) {
        for (String line : lines) {
            Matcher m = pattern.matcher(line);
            if (m.find()) {
                return Long.parseLong(m.group(1));
            }
        }
        throw new AssertionError(pattern + " not in " + lines);
    }

    private static Set<Long> uidSet(String set) {
        Set<Long> uids = new TreeSet<>();
        for (String part : set.split(",")) {
            String[] ends = part.split(":");
            long a = Long.parseLong(ends[0]);
            long b = ends.length > 1 ? Long.parseLong(ends[1]) : a;
            for (long uid = Math.min(a, b); uid <= Math.max(a, b); uid++) {
                uids.add(uid);
            }
        }
        return uids;
    }

    private static Set<Long> vanishedEarlier(List<String> lines) {
        Set<Long> uids = new TreeSet<>();
        for (String line : lines) {
            if (line.startsWith("* VANISHED (EARLIER) ")) {
                uids.addAll(uidSet(line.substring("* VANISHED (EARLIER) ".length())));
            }
        }
        return uids;
    }

    @Test
    void resyncAfterAThousandChangesByAnotherSessionReturnsExactlyTheChangedFlagsAndTheVanishedUids()
            throws IOException {
        try (TestImapServer server = new TestImapServer()) {
            long uidValidity;
            long modSeq;
            int known = 300;
            try (ImapTestClient phone = login(server)) {
                appendMany(phone, known);
                List<String> select = ok(phone.command("s", "SELECT INBOX"));
                uidValidity = find(UIDVALIDITY, select);
                modSeq = find(HIGHESTMODSEQ, select);
                ok(phone.command("o", "LOGOUT"));
            }

            // The phone is offline; the laptop makes 1000 changes: flag changes, expunges and new mail.
            Map<Long, Set<String>> model = new TreeMap<>();
            for (long uid = 1; uid <= known; uid++) {
                model.put(uid, new TreeSet<>());
            }
            Set<Long> changed = new TreeSet<>();
            Set<Long> expunged = new TreeSet<>();
            Random random = new Random(7162);
            try (ImapTestClient laptop = login(server)) {
                ok(laptop.command("s", "SELECT INBOX"));
                List<String> pipelined = new ArrayList<>();
                for (int change = 0; change < 1000; change++) {
                    List<Long> alive = new ArrayList<>(model.keySet());
                    long uid = alive.get(random.nextInt(alive.size()));
                    String tag = "c" + change;
                    if (change % 10 == 9) {
                        pipelined.add(tag + "a UID STORE " + uid + " +FLAGS.SILENT (\\Deleted)");
                        pipelined.add(tag + " UID EXPUNGE " + uid);
                        model.remove(uid);
                        changed.remove(uid);
                        expunged.add(uid);
                    } else if (change % 25 == 0) {
                        pipelined.add(tag + " APPEND INBOX {9+}\r\n\r\nnew mail");
                    } else {
                        String flag = FLAGS.get(random.nextInt(FLAGS.size()));
                        boolean add = random.nextBoolean();
                        pipelined.add(tag + " UID STORE " + uid + (add ? " +" : " -") + "FLAGS (" + flag + ")");
                        if (add ? model.get(uid).add(flag) : model.get(uid).remove(flag)) {
                            changed.add(uid);
                        }
                    }
                    if (pipelined.size() >= 40 || change == 999) {
                        for (String command : pipelined) {
                            laptop.send(command);
                        }
                        String lastTag = pipelined.getLast().split(" ")[0];
                        ok(laptop.readUntilTagged(lastTag));
                        pipelined.clear();
                    }
                }
            }

            try (ImapTestClient phone = login(server)) {
                List<String> resync = ok(phone.command("r",
                        "SELECT INBOX (QRESYNC (" + uidValidity + " " + modSeq + " 1:" + known + "))"));
                assertEquals(expunged, vanishedEarlier(resync), "VANISHED (EARLIER) names exactly the expunged UIDs");
                Map<Long, Set<String>> fetched = new HashMap<>();
                for (String line : resync) {
                    Matcher m = FETCH.matcher(line);
                    if (m.matches()) {
                        Set<String> flags = new TreeSet<>(List.of(m.group(2).isEmpty() ? new String[0]
                                : m.group(2).split(" ")));
                        fetched.put(Long.parseLong(m.group(1)), flags);
                        assertTrue(Long.parseLong(m.group(3)) > modSeq, line);
                    }
                }
                assertEquals(changed, new TreeSet<>(fetched.keySet()), "FETCH for exactly the messages changed");
                for (long uid : changed) {
                    assertEquals(model.get(uid), fetched.get(uid), "flags of UID " + uid);
                }
                assertTrue(resync.stream().noneMatch(l -> l.matches("^\\* \\d+ EXPUNGE$")), resync.toString());
            }
        }
    }

    private static TestImapServer serverRemembering(int expunges) {
        return new TestImapServer(new ImapSettings("localhost", ImapLimits.DEFAULTS, Duration.ofSeconds(30),
                Duration.ofMinutes(30), 20, 1024 * 1024, 5, expunges));
    }

    /**
     * Ten messages; UID 2 is expunged before the client's last sync, 4 to 7 one by one after it. Remembering
     * four expunges, the answer is exact; remembering three, the client's MODSEQ is older than the oldest one
     * remembered, so it is told every UID below UIDNEXT that is gone, UID 2 included.
     */
    private static Set<Long> resyncAfterFourExpunges(int remembered, String knownUids) throws IOException {
        try (TestImapServer server = serverRemembering(remembered);
             ImapTestClient laptop = login(server)) {
            appendMany(laptop, 10);
            ok(laptop.command("s", "SELECT INBOX"));
            ok(laptop.command("d", "UID STORE 1:10 +FLAGS.SILENT (\\Deleted)"));
            ok(laptop.command("x", "UID EXPUNGE 2"));
            List<String> status = ok(laptop.command("t", "STATUS INBOX (UIDVALIDITY HIGHESTMODSEQ)"));
            long uidValidity = Long.parseLong(status.getFirst().replaceAll(".*UIDVALIDITY (\\d+).*", "$1"));
            long modSeq = Long.parseLong(status.getFirst().replaceAll(".*HIGHESTMODSEQ (\\d+).*", "$1"));
            for (int uid = 4; uid <= 7; uid++) {
                ok(laptop.command("x" + uid, "UID EXPUNGE " + uid));
            }
            try (ImapTestClient phone = login(server)) {
                List<String> resync = ok(phone.command("r", "EXAMINE INBOX (QRESYNC (" + uidValidity + " " + modSeq
                        + (knownUids == null ? "" : " " + knownUids) + "))"));
                assertTrue(resync.contains("* 5 EXISTS"), resync.toString());
                return vanishedEarlier(resync);
            }
        }
    }

    @Test
    void atTheExpungeHorizonTheAnswerIsExact() throws IOException {
        assertEquals(uidSet("4:7"), resyncAfterFourExpunges(4, null));
        assertEquals(uidSet("4:7"), resyncAfterFourExpunges(4, "1,3:10"));
    }

    @Test
    void pastTheExpungeHorizonTheClientGetsAFullResyncThatMissesNothing() throws IOException {
        assertEquals(uidSet("2,4:7"), resyncAfterFourExpunges(3, null));
        assertEquals(uidSet("4:7"), resyncAfterFourExpunges(3, "1,3:10"));
        assertEquals(uidSet("2,4:7"), resyncAfterFourExpunges(0, null));
    }

    @Test
    void aSelectedSessionStillSeesEveryExpungeWhenTheHorizonPassesIt() throws IOException {
        try (TestImapServer server = serverRemembering(1);
             ImapTestClient laptop = login(server);
             ImapTestClient desktop = ImapTestClient.tls(server.implicitTlsAddress())) {
            appendMany(laptop, 8);
            desktop.readLine();
            ok(desktop.command("l", "LOGIN " + TestImapServer.USER + " \"" + TestImapServer.PASSWORD + "\""));
            ok(desktop.command("s", "SELECT INBOX"));
            ok(laptop.command("s", "SELECT INBOX"));
            ok(laptop.command("d", "UID STORE 1:8 +FLAGS.SILENT (\\Deleted)"));
            for (int uid : new int[] {2, 3, 5, 8}) {
                ok(laptop.command("x" + uid, "UID EXPUNGE " + uid));
            }
            List<String> noop = ok(desktop.command("n", "NOOP"));
            // Highest sequence number first: 8, 5, 3, 2 are at 8, 5, 3, 2.
            List<String> expunges = noop.stream().filter(l -> l.endsWith(" EXPUNGE")).toList();
            assertEquals(List.of("* 8 EXPUNGE", "* 5 EXPUNGE", "* 3 EXPUNGE", "* 2 EXPUNGE"), expunges);
            List<String> fetch = ok(desktop.command("f", "FETCH 1:* (UID)"));
            assertEquals(List.of("* 1 FETCH (UID 1)", "* 2 FETCH (UID 4)", "* 3 FETCH (UID 6)", "* 4 FETCH (UID 7)"),
                    fetch.subList(0, fetch.size() - 1));
        }
    }
}
