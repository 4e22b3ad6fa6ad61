package org.tegami.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.PrintWriter;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
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
