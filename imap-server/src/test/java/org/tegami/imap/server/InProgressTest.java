package org.tegami.imap.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.tegami.imap.protocol.ImapLimits;

/**
 * INPROGRESS (RFC 9585): a long FETCH or SEARCH reports how far it has got in untagged OK responses, at most once
 * per progress interval; a command quicker than the interval reports nothing. The interval is set to zero here,
 * so every batch reports, and left at its default of one second for the quick case.
 */
class InProgressTest {

    private static final int MESSAGES = 600;

    private static TestImapServer server(Duration progressInterval) {
        return new TestImapServer(new ImapSettings("localhost", ImapLimits.DEFAULTS, Duration.ofSeconds(30),
                Duration.ofMinutes(30), 20, 1024 * 1024, 5).withProgressInterval(progressInterval));
    }

    private static ImapTestClient loginWithMessages(TestImapServer server) throws IOException {
        ImapTestClient client = ImapTestClient.tls(server.implicitTlsAddress());
        // 600 durable appends in one MULTIAPPEND can outlast the default read timeout on a loaded machine.
        client.setReadTimeoutMillis(120_000);
        client.readLine();
        client.command("l", "LOGIN " + TestImapServer.USER + " \"" + TestImapServer.PASSWORD + "\"");
        ByteArrayOutputStream command = new ByteArrayOutputStream();
        command.writeBytes("m APPEND INBOX".getBytes(StandardCharsets.US_ASCII));
        for (int i = 0; i < MESSAGES; i++) {
            byte[] message = ("Subject: " + i + "\r\n\r\nbody\r\n").getBytes(StandardCharsets.US_ASCII);
            command.writeBytes((" {" + message.length + "+}\r\n").getBytes(StandardCharsets.US_ASCII));
            command.writeBytes(message);
        }
        command.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
        client.sendRaw(command.toByteArray());
        assertTrue(client.readUntilTagged("m").getLast().startsWith("m OK"));
        assertTrue(client.command("s", "SELECT INBOX").getLast().startsWith("s OK"));
        return client;
    }

    private static List<String> progress(List<String> lines) {
        return lines.stream().filter(l -> l.contains("[INPROGRESS")).toList();
    }

    @Test
    void aLongFetchAndSearchReportTheirProgress() throws IOException {
        try (TestImapServer server = server(Duration.ZERO); ImapTestClient client = loginWithMessages(server)) {
            List<String> fetch = client.command("f", "FETCH 1:* (UID)");
            assertEquals(List.of("* OK [INPROGRESS (\"f\" 0 600)] Still working",
                    "* OK [INPROGRESS (\"f\" 256 600)] Still working",
                    "* OK [INPROGRESS (\"f\" 512 600)] Still working"), progress(fetch));
            assertEquals(MESSAGES + 4, fetch.size(), "every message, the progress and the tagged OK");
            List<String> search = client.command("x", "SEARCH SUBJECT 599");
            assertEquals(List.of("* OK [INPROGRESS (\"x\" 512 600)] Still working"), progress(search));
            assertEquals("* SEARCH 600", search.get(search.size() - 2));
        }
    }

    @Test
    void aCommandQuickerThanTheIntervalReportsNothing() throws IOException {
        try (TestImapServer server = server(ImapSettings.DEFAULT_PROGRESS_INTERVAL);
             ImapTestClient client = loginWithMessages(server)) {
            assertTrue(client.command("c", "CAPABILITY").getFirst().contains(" INPROGRESS"));
            assertEquals(List.of(), progress(client.command("f", "FETCH 1:10 (UID)")));
        }
    }
}
