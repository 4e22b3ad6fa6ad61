package org.tegami.server;

import static org.junit.jupiter.api.Assertions.assertThrows;
import org.tegami.store.StoreError;
import org.tegami.store.Quota;
import org.tegami.store.NewMessage;
import org.tegami.store.MailboxId;
import org.tegami.store.Flags;
import org.tegami.store.AccountId;
import java.nio.charset.StandardCharsets;
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
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tegami.auth.AppPasswordIssuer;
import org.tegami.auth.PasswordHasher;
import org.tegami.store.Account;
import org.tegami.store.Mailbox;
import org.tegami.store.MailStore;
import org.tegami.store.SpecialUse;
import org.tegami.store.sqlite.SqliteMailStore;

/** The user and domain commands, run in-process against a data directory in a temp dir. */
class CliTest {

    @TempDir
    Path tmp;

    private record Result(int status, String out, String err) {
        List<String> lines() {
            return out.lines().toList();
        }
    }

    private Result run(String stdin, Optional<Terminal.SecretPrompt> prompt, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        Terminal terminal = new Terminal(new PrintWriter(out), new PrintWriter(err),
                new BufferedReader(new StringReader(stdin)), prompt);
        int status = Main.run(args, terminal, SqliteMailStore::open);
        return new Result(status, out.toString(), err.toString());
    }

    private Result run(String... args) {
        return run("", Optional.empty(), args);
    }

    private String data() {
        return tmp.resolve("data").toString();
    }

    private boolean passwordMatches(String address, String password) {
        try (MailStore store = SqliteMailStore.open(tmp.resolve("data"))) {
            Account account = store.accounts().findAccount(address).orElseThrow();
            return new PasswordHasher().verify(password, account.passwordHash());
        }
    }

    @Test
    void userAddWithPasswordFromStdinCreatesTheAccountAndItsMailboxes() {
        Result added = run("correct horse battery\n", Optional.empty(),
                "user", "add", "Alice@Example.COM", "--password-stdin", "--data", data());
        assertEquals(0, added.status(), added.err());
        assertEquals(List.of("added local domain example.com", "added user alice@example.com"), added.lines());
        assertTrue(passwordMatches("alice@example.com", "correct horse battery"));

        try (MailStore store = SqliteMailStore.open(tmp.resolve("data"))) {
            Account alice = store.accounts().findAccount("alice@example.com").orElseThrow();
            Set<String> mailboxes = store.mailboxes().listMailboxes(alice.id()).stream()
                    .map(mailbox -> mailbox.name() + mailbox.specialUse())
                    .collect(Collectors.toSet());
            assertEquals(Set.of("INBOX[]", "Drafts[DRAFTS]", "Sent[SENT]", "Trash[TRASH]", "Junk[JUNK]",
                    "Archive[ARCHIVE]"), mailboxes);
            assertEquals(List.of("example.com"), store.accounts().listDomains());
            Mailbox drafts = store.mailboxes().findMailbox(alice.id(), "Drafts").orElseThrow();
            assertEquals(Set.of(SpecialUse.DRAFTS), drafts.specialUse());
        }
    }

    @Test
    void sentCopyIsOffByDefaultAndCanBeTurnedOnAndOff() {
        assertEquals(0, run("user", "add", "dave@example.com", "--data", data()).status());
        assertEquals(List.of("dave@example.com sent-copy off"),
                run("user", "sent-copy", "dave@example.com", "--data", data()).lines());
        assertEquals(List.of("dave@example.com sent-copy on"),
                run("user", "sent-copy", "dave@example.com", "on", "--data", data()).lines());
        try (MailStore store = SqliteMailStore.open(tmp.resolve("data"))) {
            assertTrue(store.accounts().sentCopy(store.accounts().findAccount("dave@example.com").orElseThrow().id()));
        }
        assertEquals(List.of("dave@example.com sent-copy off"),
                run("user", "sent-copy", "dave@example.com", "OFF", "--data", data()).lines());
        Result wrong = run("user", "sent-copy", "dave@example.com", "maybe", "--data", data());
        assertEquals(1, wrong.status());
        assertTrue(wrong.err().contains("sent-copy takes on or off"), wrong.err());
        assertEquals(1, run("user", "sent-copy", "nobody@example.com", "on", "--data", data()).status());
    }

    @Test
    void aQuotaIsSetShownClearedAndEnforcedByTheStore() {
        assertEquals(0, run("user", "add", "dave@example.com", "--data", data()).status());
        assertEquals(List.of("dave@example.com storage 0B of unlimited, messages 0 of unlimited (default)"),
                run("user", "quota", "dave@example.com", "--data", data()).lines());
        assertEquals(List.of("dave@example.com storage 0B of 5GiB, messages 0 of 2"),
                run("user", "quota", "dave@example.com", "--storage", "5GiB", "--messages", "2", "--data", data())
                        .lines());
        // An option left out keeps the other resource's limit.
        assertEquals(List.of("dave@example.com storage 0B of 1000B, messages 0 of 2"),
                run("user", "quota", "dave@example.com", "--storage", "1000", "--data", data()).lines());
        try (MailStore store = SqliteMailStore.open(tmp.resolve("data"))) {
            AccountId dave = store.accounts().findAccount("dave@example.com").orElseThrow().id();
            assertEquals(new Quota(1000, 2), store.accounts().quota(dave));
            MailboxId inbox = store.mailboxes().findMailbox(dave, "INBOX").orElseThrow().id();
            byte[] big = ("Subject: big\r\n\r\n" + "a".repeat(1000) + "\r\n").getBytes(StandardCharsets.US_ASCII);
            StoreError e = assertThrows(StoreError.class, () -> store.messages().append(inbox,
                    List.of(new NewMessage(big, Flags.NONE, Instant.now()))));
            assertEquals(StoreError.Kind.OVER_QUOTA, e.kind());
        }
        assertEquals(List.of("dave@example.com storage 0B of unlimited, messages 0 of unlimited (default)"),
                run("user", "quota", "dave@example.com", "--default", "--data", data()).lines());
        Result wrong = run("user", "quota", "dave@example.com", "--storage", "5 parsecs", "--data", data());
        assertEquals(1, wrong.status());
        assertTrue(wrong.err().contains("not a size"), wrong.err());
        Result both = run("user", "quota", "dave@example.com", "--default", "--messages", "3", "--data", data());
        assertEquals(1, both.status());
        assertEquals(1, run("user", "quota", "dave@example.com", "--messages", "-1", "--data", data()).status());
        assertEquals(1, run("user", "quota", "nobody@example.com", "--data", data()).status());
    }

    @Test
    void appPasswordsAreAddedShownOnceListedAndDeleted() {
        assertEquals(0, run("user", "add", "dave@example.com", "--data", data()).status());
        Result added = run("user", "app-password", "add", "dave@example.com", "--label", "phone", "--data", data());
        assertEquals(0, added.status(), added.err());
        assertEquals("added app password 1 'phone' for dave@example.com (imap+smtp)", added.lines().get(0));
        String secretLine = added.lines().get(1);
        assertTrue(secretLine.matches("app password: [a-zA-Z2-9]{4}(-[a-zA-Z2-9]{4}){3}  \\(shown only now\\)"),
                secretLine);
        String secret = secretLine.split(" ")[2];
        Result smtpOnly = run("user", "app-password", "add", "dave@example.com", "--label", "printer", "--only", "SMTP",
                "--data", data());
        assertEquals("added app password 2 'printer' for dave@example.com (smtp only)", smtpOnly.lines().get(0));

        try (MailStore store = SqliteMailStore.open(tmp.resolve("data"))) {
            Account dave = store.accounts().findAccount("dave@example.com").orElseThrow();
            String hash = store.appPasswords().credentials(dave.id()).getFirst().passwordHash();
            assertTrue(new PasswordHasher().verify(AppPasswordIssuer.compact(secret), hash));
            assertFalse(hash.contains(secret));
        }

        List<String> listed = run("user", "app-password", "list", "dave@example.com", "--data", data()).lines();
        assertEquals(2, listed.size());
        assertTrue(listed.get(0).matches("1  phone  imap\\+smtp  created \\S+  last used never"), listed.get(0));
        assertTrue(listed.get(1).startsWith("2  printer  smtp only  created "), listed.get(1));
        assertFalse(String.join("\n", listed).contains(secret), "the secret is never shown again");

        Result badScope = run("user", "app-password", "add", "dave@example.com", "--label", "x", "--only", "pop3",
                "--data", data());
        assertEquals(1, badScope.status());
        assertTrue(badScope.err().contains("--only takes imap or smtp"), badScope.err());
        Result taken = run("user", "app-password", "add", "dave@example.com", "--label", "phone", "--data", data());
        assertEquals(1, taken.status());

        assertEquals(List.of("deleted app password printer of dave@example.com"),
                run("user", "app-password", "del", "dave@example.com", "printer", "--data", data()).lines());
        assertEquals(List.of("deleted app password 1 of dave@example.com"),
                run("user", "app-password", "del", "dave@example.com", "1", "--data", data()).lines());
        Result missing = run("user", "app-password", "del", "dave@example.com", "1", "--data", data());
        assertEquals(1, missing.status());
        assertTrue(missing.err().contains("has no app password 1"), missing.err());
        assertEquals(List.of(), run("user", "app-password", "list", "dave@example.com", "--data", data()).lines());
        assertEquals(1, run("user", "app-password", "list", "nobody@example.com", "--data", data()).status());
    }

    @Test
    void theNumberOfAppPasswordsFollowsTheConfiguration() throws Exception {
        Path config = tmp.resolve("tegami.toml");
        Files.writeString(config, "data_dir = \"" + data() + "\"\n[auth]\nmax_app_passwords = 1\n");
        assertEquals(0, run("user", "add", "erin@example.com", "--config", config.toString()).status());
        assertEquals(0, run("user", "app-password", "add", "erin@example.com", "--label", "a", "--config",
                config.toString()).status());
        Result second = run("user", "app-password", "add", "erin@example.com", "--label", "b", "--config",
                config.toString());
        assertEquals(1, second.status());
        assertTrue(second.err().contains("already has 1 app passwords"), second.err());
    }

    @Test
    void theMainPasswordCanBeRefusedAndAllowedAgain() {
        assertEquals(0, run("user", "add", "dave@example.com", "--data", data()).status());
        assertEquals(List.of("dave@example.com main-password allow"),
                run("user", "main-password", "dave@example.com", "--data", data()).lines());
        assertEquals(List.of("dave@example.com main-password refuse", "note: the account has no app passwords, so it "
                        + "cannot log in to IMAP or SMTP; add one with tegami user app-password add"),
                run("user", "main-password", "dave@example.com", "refuse", "--data", data()).lines());
        try (MailStore store = SqliteMailStore.open(tmp.resolve("data"))) {
            Account dave = store.accounts().findAccount("dave@example.com").orElseThrow();
            assertTrue(store.appPasswords().mainPasswordRefused(dave.id()));
        }
        assertEquals("(the main password is refused on IMAP and SMTP)",
                run("user", "app-password", "list", "dave@example.com", "--data", data()).lines().getFirst());
        assertEquals(List.of("dave@example.com main-password allow"),
                run("user", "main-password", "dave@example.com", "ALLOW", "--data", data()).lines());
        Result wrong = run("user", "main-password", "dave@example.com", "maybe", "--data", data());
        assertEquals(1, wrong.status());
        assertTrue(wrong.err().contains("main-password takes allow or refuse"), wrong.err());
    }

    @Test
    void blockedAddressesAreListedAndUnblocked() throws Exception {
        assertEquals(0, run("user", "add", "dave@example.com", "--data", data()).status());
        Instant until = Instant.now().plus(Duration.ofMinutes(15)).truncatedTo(ChronoUnit.MILLIS);
        try (MailStore store = SqliteMailStore.open(tmp.resolve("data"))) {
            store.blocklist().block(InetAddress.getByName("192.0.2.66"), until, "10 failed logins");
            store.blocklist().block(InetAddress.getByName("2001:db8::66"), until, "10 failed logins");
        }
        List<String> listed = run("security", "blocked", "list", "--data", data()).lines();
        assertEquals(2, listed.size());
        assertTrue(listed.get(0).startsWith("192.0.2.66  until " + until + "  since "), listed.get(0));
        assertTrue(listed.get(0).endsWith("(10 failed logins)"), listed.get(0));
        assertTrue(listed.get(1).startsWith("2001:db8:0:0:0:0:0:66  until "), listed.get(1));

        assertEquals(List.of("unblocked 2001:db8:0:0:0:0:0:66"),
                run("security", "blocked", "unblock", "2001:db8::66", "--data", data()).lines());
        Result again = run("security", "blocked", "unblock", "2001:db8::66", "--data", data());
        assertEquals(1, again.status());
        assertTrue(again.err().contains("is not blocked"), again.err());
        Result name = run("security", "blocked", "unblock", "mail.example.com", "--data", data());
        assertEquals(1, name.status());
        assertTrue(name.err().contains("is not an IP address"), name.err());
        assertEquals(1, run("security", "blocked", "list", "--data", data()).lines().size());
    }

    @Test
    void userAddWithoutATerminalGeneratesAndPrintsAPassword() {
        Result added = run("user", "add", "bob@example.com", "--data", data());
        assertEquals(0, added.status(), added.err());
        String passwordLine = added.lines().stream().filter(line -> line.startsWith("password: ")).findFirst()
                .orElseThrow();
        String password = passwordLine.substring("password: ".length()).split(" ")[0];
        assertEquals(20, password.length());
        assertTrue(passwordMatches("bob@example.com", password));
    }

    @Test
    void userAddAtATerminalAsksTwice() {
        Deque<String> typed = new ArrayDeque<>(List.of("typed password", "typed password"));
        Result added = run("", Optional.of(prompt -> typed.poll()), "user", "add", "carol@example.com", "--data", data());
        assertEquals(0, added.status(), added.err());
        assertTrue(passwordMatches("carol@example.com", "typed password"));
        assertFalse(added.out().contains("password:"), "a typed password is never echoed");

        Deque<String> mismatched = new ArrayDeque<>(List.of("first password", "other password"));
        Result refused = run("", Optional.of(prompt -> mismatched.poll()), "user", "add", "dave@example.com",
                "--data", data());
        assertEquals(1, refused.status());
        assertEquals("tegami: the passwords do not match; nothing was changed\n", refused.err());
    }

    @Test
    void duplicateUserIsAnError() {
        assertEquals(0, run("user", "add", "alice@example.com", "--data", data()).status());
        Result again = run("user", "add", "ALICE@example.com", "--data", data());
        assertEquals(1, again.status());
        assertEquals("tegami: user alice@example.com already exists\n", again.err());
    }

    @Test
    void invalidAddressesAreRefused() {
        for (String bad : List.of("alice", "@example.com", "alice@", "al ice@example.com", "alice@exa_mple.com",
                "a..b@example.com", "alice@-example.com", "alice@127.0.0.1")) {
            Result refused = run("user", "add", bad, "--data", data());
            assertEquals(1, refused.status(), bad);
            assertTrue(refused.err().startsWith("tegami: '" + bad + "'"), refused.err());
            assertEquals(1, refused.err().lines().count(), "one line: " + refused.err());
        }
    }

    @Test
    void shortPasswordsAreRefused() {
        Result refused = run("short\n", Optional.empty(), "user", "add", "alice@example.com", "--password-stdin",
                "--data", data());
        assertEquals(1, refused.status());
        assertTrue(refused.err().contains("too short"), refused.err());
        assertEquals(List.of(), run("user", "list", "--data", data()).lines());
    }

    @Test
    void passwdListAndDel() {
        run("user", "add", "bob@example.com", "--data", data());
        run("user", "add", "alice@example.org", "--data", data());
        assertEquals(List.of("alice@example.org", "bob@example.com"), run("user", "list", "--data", data()).lines());

        Result changed = run("new secret 123\n", Optional.empty(), "user", "passwd", "Bob@example.com",
                "--password-stdin", "--data", data());
        assertEquals(0, changed.status(), changed.err());
        assertTrue(passwordMatches("bob@example.com", "new secret 123"));

        Result unknown = run("x\n", Optional.empty(), "user", "passwd", "nobody@example.com", "--password-stdin",
                "--data", data());
        assertEquals(1, unknown.status());
        assertEquals("tegami: user nobody@example.com does not exist\n", unknown.err());

        assertEquals(0, run("user", "del", "bob@example.com", "--data", data()).status());
        assertEquals(List.of("alice@example.org"), run("user", "list", "--data", data()).lines());
        Result gone = run("user", "del", "bob@example.com", "--data", data());
        assertEquals(1, gone.status());
        assertEquals("tegami: user bob@example.com does not exist\n", gone.err());
    }

    @Test
    void domainAddListDel() {
        assertEquals(0, run("domain", "add", "Example.NET", "--data", data()).status());
        Result again = run("domain", "add", "example.net", "--data", data());
        assertEquals(1, again.status());
        assertEquals("tegami: domain example.net is already a local domain\n", again.err());
        run("user", "add", "alice@example.org", "--data", data());
        assertEquals(List.of("example.net", "example.org"), run("domain", "list", "--data", data()).lines());

        Result inUse = run("domain", "del", "example.org", "--data", data());
        assertEquals(1, inUse.status());
        assertTrue(inUse.err().contains("still has 1 user(s) (alice@example.org)"), inUse.err());

        assertEquals(0, run("domain", "del", "example.net", "--data", data()).status());
        assertEquals(List.of("example.org"), run("domain", "list", "--data", data()).lines());
        Result unknown = run("domain", "del", "example.net", "--data", data());
        assertEquals(1, unknown.status());
        assertEquals("tegami: domain example.net is not a local domain\n", unknown.err());
        assertEquals(1, run("domain", "add", "not a domain", "--data", data()).status());
    }

    @Test
    void theDataDirectoryMayComeFromTheConfigFile() throws Exception {
        Path config = tmp.resolve("tegami.toml");
        Files.writeString(config, "data_dir = \"from-config\"\n");
        assertEquals(0, run("domain", "add", "example.com", "--config", config.toString()).status());
        assertTrue(Files.isDirectory(tmp.resolve("from-config")));
        assertEquals(List.of("example.com"), run("domain", "list", "--config", config.toString()).lines());
    }

    @Test
    void listingAMissingDataDirectoryIsAnErrorNotAnEmptyServer() {
        Result missing = run("user", "list", "--data", tmp.resolve("typo").toString());
        assertEquals(1, missing.status());
        assertTrue(missing.err().startsWith("tegami: no data directory at "), missing.err());
        assertFalse(Files.exists(tmp.resolve("typo")));
    }

    @Test
    void usageErrorsAreOneLineAndExitOne() {
        Result noAddress = run("user", "add", "--data", data());
        assertEquals(1, noAddress.status());
        assertEquals(1, noAddress.err().lines().count(), noAddress.err());
        assertTrue(noAddress.err().contains("ADDRESS"), noAddress.err());
        assertEquals(1, run("frobnicate").status());
        assertEquals(1, run().status());
        assertEquals(0, run("--help").status());
    }
}
