package org.tegami.imap.server;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.tegami.store.postgres.PostgresTestDatabase;

/**
 * Runs the {@code C:}/{@code S:} scripts under {@code src/test/resources/conversations} against a real
 * server over TCP and TLS, one fresh server per script.
 *
 * <p>Script syntax: {@code C: text} sends a line (escapes {@code \r \n \\} allowed; CRLF is appended);
 * {@code S: text} reads one line and compares it, where {@code %%} matches any text; {@code C2:}/{@code S2:}
 * talk on a second connection (up to 9). {@code @plain N} makes connection N cleartext (port 143 style)
 * and {@code @starttls N} upgrades it after the server's OK. {@code ${user}}, {@code ${password}} and
 * {@code ${other}} are replaced. {@code %{name}} in an {@code S:} line matches a run of non-space characters and
 * remembers it, and a later {@code ${name}} is replaced by it (a UIDVALIDITY, say). Each connection's greeting
 * is read and checked automatically.
 */
class ConversationTest {

    private static final Pattern LINE = Pattern.compile("^([CS])([1-9]?):\\s?(.*)$");

    @TestFactory
    Stream<DynamicTest> conversations() throws IOException, URISyntaxException {
        return conversationsOn(TestImapServer.Backend.SQLITE);
    }

    /** The same scripts on the PostgreSQL store (DESIGN.md rule 11: on every backend that is available). */
    @TestFactory
    Stream<DynamicTest> conversationsOnPostgres() throws IOException, URISyntaxException {
        PostgresTestDatabase.requireAvailable();
        return conversationsOn(TestImapServer.Backend.POSTGRES);
    }

    private Stream<DynamicTest> conversationsOn(TestImapServer.Backend backend) throws IOException, URISyntaxException {
        URL root = getClass().getResource("/conversations");
        assertNotNull(root, "conversations directory");
        Path dir = Path.of(root.toURI());
        List<Path> scripts;
        try (Stream<Path> files = Files.list(dir)) {
            scripts = files.filter(p -> p.toString().endsWith(".imap")).sorted().toList();
        }
        assertTrue(scripts.size() > 5, "conversation scripts found");
        return scripts.stream().map(script -> DynamicTest.dynamicTest(script.getFileName().toString(),
                () -> run(script, backend)));
    }

    private void run(Path script, TestImapServer.Backend backend) throws IOException {
        List<String> lines = Files.readAllLines(script, StandardCharsets.UTF_8);
        Map<Integer, ImapTestClient> clients = new HashMap<>();
        Map<Integer, Boolean> plain = new HashMap<>();
        Map<String, String> captured = new HashMap<>();
        try (TestImapServer server = new TestImapServer(backend)) {
            int lineNumber = 0;
            for (String raw : lines) {
                lineNumber++;
                String text = raw.replace("${user}", TestImapServer.USER)
                        .replace("${password}", TestImapServer.PASSWORD)
                        .replace("${other}", TestImapServer.OTHER_USER);
                for (Map.Entry<String, String> value : captured.entrySet()) {
                    text = text.replace("${" + value.getKey() + "}", value.getValue());
                }
                if (text.isBlank() || text.startsWith("#")) {
                    continue;
                }
                String where = script.getFileName() + ":" + lineNumber;
                if (text.startsWith("@plain ")) {
                    plain.put(Integer.parseInt(text.substring(7).trim()), true);
                    continue;
                }
                if (text.startsWith("@starttls ")) {
                    clients.get(Integer.parseInt(text.substring(10).trim())).startTls();
                    continue;
                }
                Matcher m = LINE.matcher(text);
                if (!m.matches()) {
                    fail(where + ": not a script line: " + raw);
                }
                int connection = m.group(2).isEmpty() ? 1 : Integer.parseInt(m.group(2));
                ImapTestClient client = clients.get(connection);
                if (client == null) {
                    client = plain.getOrDefault(connection, false)
                            ? ImapTestClient.plain(server.startTlsAddress())
                            : ImapTestClient.tls(server.implicitTlsAddress());
                    String greeting = client.readLine();
                    if (greeting == null || !greeting.startsWith("* OK ")) {
                        fail(where + ": bad greeting " + greeting);
                    }
                    clients.put(connection, client);
                }
                if (m.group(1).equals("C")) {
                    client.sendRaw((ImapTestClient.unescape(m.group(3)) + "\r\n").getBytes(StandardCharsets.UTF_8));
                } else {
                    String actual;
                    try {
                        actual = client.readLine();
                    } catch (java.net.SocketTimeoutException e) {
                        actual = "(nothing within the deadline)";
                    }
                    if (actual == null || !matches(m.group(3), actual, captured)) {
                        fail(where + ": expected\n  " + m.group(3) + "\nbut got\n  " + actual);
                    }
                }
            }
        } finally {
            for (ImapTestClient c : clients.values()) {
                c.close();
            }
        }
    }

    private static final Pattern CAPTURE = Pattern.compile("%\\{([a-zA-Z][a-zA-Z0-9]*)}");

    static boolean matches(String expected, String actual) {
        return matches(expected, actual, new HashMap<>());
    }

    /** Matches {@code %%} as any text and {@code %{name}} as non-space text, which goes into {@code captured}. */
    static boolean matches(String expected, String actual, Map<String, String> captured) {
        StringBuilder regex = new StringBuilder();
        List<String> names = new java.util.ArrayList<>();
        Matcher capture = CAPTURE.matcher(expected);
        int last = 0;
        while (capture.find()) {
            regex.append(literalWithWildcards(expected.substring(last, capture.start())));
            regex.append("(\\S+?)");
            names.add(capture.group(1));
            last = capture.end();
        }
        regex.append(literalWithWildcards(expected.substring(last)));
        Matcher m = Pattern.compile(regex.toString(), Pattern.DOTALL).matcher(actual);
        if (!m.matches()) {
            return false;
        }
        for (int i = 0; i < names.size(); i++) {
            captured.put(names.get(i), m.group(i + 1));
        }
        return true;
    }

    private static String literalWithWildcards(String text) {
        String[] parts = text.split("%%", -1);
        StringBuilder regex = new StringBuilder();
        for (int i = 0; i < parts.length; i++) {
            if (i > 0) {
                regex.append(".*");
            }
            regex.append(Pattern.quote(parts[i]));
        }
        return regex.toString();
    }
}
