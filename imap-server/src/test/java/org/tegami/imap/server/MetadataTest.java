package org.tegami.imap.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.tegami.imap.protocol.ImapLimits;

/**
 * METADATA (RFC 5464) over TLS with small limits: a value exactly at the size limit passes and one octet more is
 * refused with {@code [METADATA MAXSIZE n]}; the entry count limit with {@code [METADATA TOOMANY]}; the entry
 * name limit with {@code [LIMIT]}; each refusal leaves every entry of the command unset. Binary values travel as
 * literal8; the server's configured {@code /shared} entries are read-only; another account sees none of them.
 */
class MetadataTest {

    private static final int MAX_VALUE = 1024;
    private static final int MAX_ENTRIES = 10;
    private static final int MAX_NAME = 64;

    private TestImapServer server;
    private ImapTestClient client;

    @BeforeEach
    void start() throws IOException {
        MetadataSettings metadata = new MetadataSettings(MAX_VALUE, MAX_ENTRIES, MAX_NAME,
                Optional.of("Maintenance on Sunday"), Optional.of("mailto:postmaster@example.org"));
        server = new TestImapServer(new ImapSettings("localhost", ImapLimits.DEFAULTS, Duration.ofSeconds(30),
                Duration.ofMinutes(30), 20, 1024 * 1024, 5).withMetadata(metadata));
        client = login(TestImapServer.USER);
    }

    @AfterEach
    void stop() throws IOException {
        client.close();
        server.close();
    }

    private ImapTestClient login(String user) throws IOException {
        ImapTestClient c = ImapTestClient.tls(server.implicitTlsAddress());
        c.readLine();
        ok(c.command("l", "LOGIN " + user + " \"" + TestImapServer.PASSWORD + "\""));
        return c;
    }

    private static List<String> ok(List<String> lines) {
        assertTrue(lines.getLast().matches("^\\S+ OK.*"), lines.toString());
        return lines;
    }

    /** Sends {@code prefix}, then {@code value} as a (non-synchronising) literal or literal8, then {@code suffix}. */
    private List<String> withLiteral(String tag, String prefix, byte[] value, boolean literal8, String suffix)
            throws IOException {
        ByteArrayOutputStream command = new ByteArrayOutputStream();
        command.writeBytes((tag + " " + prefix + (literal8 ? "~{" : "{") + value.length + "+}\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        command.writeBytes(value);
        command.writeBytes((suffix + "\r\n").getBytes(StandardCharsets.US_ASCII));
        client.sendRaw(command.toByteArray());
        return client.readUntilTagged(tag);
    }

    private static byte[] octets(int count) {
        return "v".repeat(count).getBytes(StandardCharsets.US_ASCII);
    }

    @Test
    void aValueAtTheSizeLimitIsStoredAndOneOctetMoreIsRefusedWithNothingSet() throws IOException {
        ok(withLiteral("a1", "SETMETADATA INBOX (/private/big ", octets(MAX_VALUE), false, ")"));
        List<String> got = ok(client.command("a2", "GETMETADATA INBOX (MAXSIZE " + MAX_VALUE + ") /private/big"));
        assertEquals("* METADATA INBOX (/private/big \"" + "v".repeat(MAX_VALUE) + "\")", got.getFirst());
        List<String> over = withLiteral("a3", "SETMETADATA INBOX (/shared/first \"set first\" /private/big ",
                octets(MAX_VALUE + 1), false, ")");
        assertEquals("a3 NO [METADATA MAXSIZE " + MAX_VALUE + "] Metadata value too large", over.getLast());
        assertEquals(List.of("* METADATA INBOX (/shared/first NIL)", "a4 OK GETMETADATA completed"),
                client.command("a4", "GETMETADATA INBOX /shared/first"));
        // MAXSIZE one below the stored value leaves it out and reports its length.
        assertEquals(List.of("a5 OK [METADATA LONGENTRIES " + MAX_VALUE + "] GETMETADATA completed"),
                client.command("a5", "GETMETADATA INBOX (MAXSIZE " + (MAX_VALUE - 1) + ") /private/big"));
    }

    @Test
    void theEntryLimitAllowsExactlyMaxEntriesAndTheNextIsTooManyWithNothingSet() throws IOException {
        StringBuilder nine = new StringBuilder();
        for (int i = 1; i < MAX_ENTRIES; i++) {
            nine.append(i == 1 ? "" : " ").append("/private/e").append(i).append(" \"").append(i).append('"');
        }
        ok(client.command("a1", "SETMETADATA INBOX (" + nine + ")"));
        ok(client.command("a2", "SETMETADATA INBOX (/shared/tenth \"10\")"));
        assertEquals("a3 NO [METADATA TOOMANY] Too many metadata entries",
                client.command("a3", "SETMETADATA INBOX (/private/e1 \"changed\" /shared/eleventh \"11\")").getLast());
        assertEquals("* METADATA INBOX (/private/e1 \"1\" /shared/eleventh NIL)",
                client.command("a4", "GETMETADATA INBOX (/private/e1 /shared/eleventh)").getFirst());
        // Replacing and removing stay possible at the limit; the server's entries have their own count.
        ok(client.command("a5", "SETMETADATA INBOX (/private/e1 \"replaced\")"));
        ok(client.command("a6", "SETMETADATA INBOX (/private/e2 NIL /shared/eleventh \"11\")"));
        ok(client.command("a7", "SETMETADATA \"\" (" + nine + ")"));
    }

    @Test
    void anEntryNameAtTheLengthLimitIsStoredAndOneOctetLongerIsRefused() throws IOException {
        String prefix = "/private/";
        String atLimit = prefix + "n".repeat(MAX_NAME - prefix.length());
        assertEquals(MAX_NAME, atLimit.length());
        ok(client.command("a1", "SETMETADATA INBOX (" + atLimit + " \"x\")"));
        assertEquals("a2 NO [LIMIT] Metadata entry names are limited to " + MAX_NAME + " octets",
                client.command("a2", "SETMETADATA INBOX (/shared/other \"y\" " + atLimit + "n \"x\")").getLast());
        assertEquals("* METADATA INBOX (/shared/other NIL)",
                client.command("a3", "GETMETADATA INBOX /shared/other").getFirst());
    }

    @Test
    void binaryValuesTravelAsLiteral8AndNulIsRefusedInAPlainLiteral() throws IOException {
        byte[] binary = {'a', 0, 'b'};
        ok(withLiteral("a1", "SETMETADATA INBOX (/private/vendor/example/bin ", binary, true, ")"));
        assertEquals("* METADATA INBOX (/private/vendor/example/bin ~{3}a\0b)",
                client.command("a2", "GETMETADATA INBOX /private/vendor/example/bin").getFirst());
        List<String> bad = withLiteral("a3", "SETMETADATA INBOX (/private/vendor/example/bin ", binary, false, ")");
        assertTrue(bad.getLast().startsWith("a3 BAD "), bad.toString());
    }

    @Test
    void theServersSharedEntriesComeFromConfigurationAndAreReadOnly() throws IOException {
        assertEquals(List.of("* METADATA \"\" (/shared/comment \"Maintenance on Sunday\""
                        + " /shared/admin \"mailto:postmaster@example.org\")", "a1 OK GETMETADATA completed"),
                client.command("a1", "GETMETADATA \"\" (/shared/comment /shared/admin)"));
        assertEquals("a2 NO [NOPERM] The server's shared entries are set by the administrator",
                client.command("a2", "SETMETADATA \"\" (/private/note \"mine\" /shared/comment \"changed\")").getLast());
        assertEquals("* METADATA \"\" (/private/note NIL)", client.command("a3", "GETMETADATA \"\" /private/note").getFirst());
    }

    @Test
    void anotherAccountSeesItsOwnEntriesOnlyAndItWorksInTheSelectedState() throws IOException {
        ok(client.command("a1", "SETMETADATA INBOX (/shared/comment \"alice's\")"));
        ok(client.command("a2", "SETMETADATA \"\" (/private/theme \"dark\")"));
        try (ImapTestClient bob = login(TestImapServer.OTHER_USER)) {
            assertEquals("* METADATA INBOX (/shared/comment NIL)",
                    bob.command("b1", "GETMETADATA INBOX /shared/comment").getFirst());
            assertEquals("* METADATA \"\" (/private/theme NIL)",
                    bob.command("b2", "GETMETADATA \"\" /private/theme").getFirst());
        }
        ok(client.command("a3", "SELECT INBOX"));
        assertEquals(List.of("* METADATA INBOX (/shared/comment \"alice's\")", "a4 OK GETMETADATA completed"),
                client.command("a4", "GETMETADATA INBOX /shared/comment"));
    }

    @Test
    void settingsBelowTheRfcMinimumsOrAnAdminThatIsNoUriAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> new MetadataSettings(1023, 10, 64, Optional.empty(),
                Optional.empty()));
        assertThrows(IllegalArgumentException.class, () -> new MetadataSettings(1024, 9, 64, Optional.empty(),
                Optional.empty()));
        assertThrows(IllegalArgumentException.class, () -> new MetadataSettings(1024, 10, 63, Optional.empty(),
                Optional.empty()));
        assertThrows(IllegalArgumentException.class, () -> new MetadataSettings(1024, 10, 64, Optional.empty(),
                Optional.of("postmaster at example dot org")));
        new MetadataSettings(1024, 10, 64, Optional.empty(), Optional.of("tel:+15555550100"));
    }
}
