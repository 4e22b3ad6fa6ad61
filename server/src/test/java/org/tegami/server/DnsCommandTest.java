package org.tegami.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.PrintWriter;
import java.io.StringReader;
import java.io.StringWriter;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tegami.store.MailStore;
import org.tegami.store.sqlite.SqliteMailStore;
import picocli.CommandLine;

/** {@code tegami dns}: the records to publish, in zone syntax, with a fixed host lookup. */
class DnsCommandTest {

    @TempDir
    Path tmp;

    private static final Map<String, List<InetAddress>> HOSTS = Map.of("mail.example.com",
            List.of(InetAddress.ofLiteral("203.0.113.10"), InetAddress.ofLiteral("2001:db8::10")));

    private record Result(int status, String out, String err) {
        /** The lines with runs of blanks made one, so column alignment does not matter. */
        List<String> records() {
            return out.lines().map(line -> line.replaceAll("\\s+", " ")).toList();
        }
    }

    private Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        Terminal terminal = new Terminal(new PrintWriter(out), new PrintWriter(err),
                new BufferedReader(new StringReader("")), Optional.empty());
        CommandLine cli = new CommandLine(new DnsCommand(terminal, SqliteMailStore::open,
                host -> HOSTS.getOrDefault(host, List.of())));
        cli.setOut(terminal.out());
        cli.setErr(terminal.err());
        int status = cli.execute(args);
        return new Result(status, out.toString(), err.toString());
    }

    private String data() {
        return tmp.resolve("data").toString();
    }

    @Test
    void printsEveryRecordOfTheDomainInZoneSyntax() {
        Result result = run("example.com", "--hostname", "mail.example.com", "--data", data());

        assertEquals(0, result.status(), result.err());
        List<String> records = result.records();
        String policyId = new org.tegami.http.MtaStsPolicy(org.tegami.http.MtaStsMode.TESTING, "mail.example.com").id();
        for (String expected : List.of(
                "example.com. 3600 IN MX 10 mail.example.com.",
                "mail.example.com. 3600 IN A 203.0.113.10",
                "mail.example.com. 3600 IN AAAA 2001:db8::10",
                "_imaps._tcp.example.com. 3600 IN SRV 0 1 993 mail.example.com.",
                "_imap._tcp.example.com. 3600 IN SRV 10 1 143 mail.example.com.",
                "_submissions._tcp.example.com. 3600 IN SRV 0 1 465 mail.example.com.",
                "_submission._tcp.example.com. 3600 IN SRV 10 1 587 mail.example.com.",
                "autoconfig.example.com. 3600 IN CNAME mail.example.com.",
                "autodiscover.example.com. 3600 IN CNAME mail.example.com.",
                "example.com. 3600 IN TXT \"v=spf1 mx -all\"",
                "_dmarc.example.com. 3600 IN TXT \"v=DMARC1; p=quarantine; rua=mailto:postmaster@example.com\"",
                "_mta-sts.example.com. 3600 IN TXT \"v=STSv1; id=" + policyId + "\"")) {
            assertTrue(records.contains(expected), () -> "missing " + expected + " in\n" + result.out());
        }
        assertTrue(policyId.matches("[0-9a-f]{1,32}"), policyId);
        assertTrue(result.out().contains("https://mta-sts.example.com/.well-known/mta-sts.txt"), result.out());
        assertTrue(result.out().contains("; DKIM: not yet"), result.out());
        // Every line is a comment, blank, or a record with owner, TTL, class, type and data.
        for (String line : records) {
            assertTrue(line.isEmpty() || line.startsWith(";")
                    || line.matches("\\S+\\. 3600 IN (MX|A|AAAA|SRV|CNAME|TXT) .+"), line);
        }
    }

    @Test
    void portsAreTheConfiguredOnes() throws Exception {
        Path config = tmp.resolve("tegami.toml");
        Files.writeString(config, "hostname = \"mail.example.com\"\nport_offset = 10000\n[imap]\nenabled = false\n");

        Result result = run("example.com", "--config", config.toString(), "--data", data());

        assertEquals(0, result.status(), result.err());
        List<String> records = result.records();
        assertTrue(records.contains("_imaps._tcp.example.com. 3600 IN SRV 0 1 10993 mail.example.com."), result.out());
        assertTrue(records.contains("_submission._tcp.example.com. 3600 IN SRV 10 1 10587 mail.example.com."),
                result.out());
        assertTrue(records.contains("_imap._tcp.example.com. 3600 IN SRV 0 0 0 ."), "disabled means not offered");
    }

    @Test
    void aHostThatDoesNotResolveGetsCommentedPlaceholders() {
        Result result = run("example.org", "--hostname", "mx.example.org", "--data", data());

        assertEquals(0, result.status(), result.err());
        assertTrue(result.out().contains("mx.example.org does not resolve here"), result.out());
        assertTrue(result.records().contains(";mx.example.org. 3600 IN A <IPv4 address>"), result.out());
        assertFalse(result.records().stream().anyMatch(line -> line.startsWith("mx.example.org. 3600 IN A ")));
    }

    @Test
    void withoutADomainEveryLocalDomainIsPrinted() {
        try (MailStore store = SqliteMailStore.open(tmp.resolve("data"))) {
            store.accounts().addDomain("example.com");
            store.accounts().addDomain("example.net");
        }

        Result result = run("--hostname", "mail.example.com", "--data", data());

        assertEquals(0, result.status(), result.err());
        assertTrue(result.records().contains("example.com. 3600 IN MX 10 mail.example.com."), result.out());
        assertTrue(result.records().contains("example.net. 3600 IN MX 10 mail.example.com."), result.out());
        assertTrue(result.out().contains("mail.example.com is outside example.net"), result.out());
    }

    @Test
    void isACommandOfTegami() {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        Terminal terminal = new Terminal(new PrintWriter(out), new PrintWriter(err),
                new BufferedReader(new StringReader("")), Optional.empty());
        // localhost resolves without DNS, to loopback only, so nothing is published for it.
        int status = Main.run(new String[] {"dns", "example.com", "--hostname", "localhost", "--data", data()},
                terminal, SqliteMailStore::open);

        assertEquals(0, status, err.toString());
        assertTrue(out.toString().contains("resolves only to private addresses"), out.toString());
        assertTrue(out.toString().contains("_submissions._tcp.example.com."), out.toString());
    }

    @Test
    void noLocalDomainIsAOneLineError() {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        Terminal terminal = new Terminal(new PrintWriter(out), new PrintWriter(err),
                new BufferedReader(new StringReader("")), Optional.empty());
        try (MailStore store = SqliteMailStore.open(tmp.resolve("data"))) {
            store.accounts().listDomains();
        }
        int status = Main.run(new String[] {"dns", "--hostname", "localhost", "--data", data()}, terminal,
                SqliteMailStore::open);

        assertEquals(1, status);
        assertTrue(err.toString().startsWith("tegami: no local domains"), err.toString());
    }
}
