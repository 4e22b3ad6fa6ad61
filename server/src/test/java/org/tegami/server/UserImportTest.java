package org.tegami.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.PrintWriter;
import java.io.StringReader;
import java.io.StringWriter;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tegami.auth.CredentialChecker;
import org.tegami.auth.LoginSource;
import org.tegami.auth.LoginThrottle;
import org.tegami.auth.PasswordAuthenticator;
import org.tegami.auth.PasswordHasher;
import org.tegami.auth.PasswordLogin;
import org.tegami.auth.ScramEnrollment;
import org.tegami.store.Account;
import org.tegami.store.LoginProtocol;
import org.tegami.store.MailStore;
import org.tegami.store.ScramHash;
import org.tegami.store.sqlite.SqliteMailStore;

/** {@code tegami user import}: passwd-file and CSV, all or nothing, dry run, and logins afterwards. */
class UserImportTest {

    private static final String SHA512 =
            "$6$saltstring$svn8UoSVapNtMuq1ukKS4tPQd8iKwSMHWjl/O817G3uBnIFNjnQJuesI68u4OTLiBFdcbYEdFCoEOfaS35inz1";
    private static final String SHA256 = "$5$saltstring$5B8vYYiY.CVt1RlTTf8KbXBH3hsxY/GNooZaBBGWEc5";
    private static final String BCRYPT = "$2y$05$CCCCCCCCCCCCCCCCCCCCC.E5YPO9kmyuRGyh0XouQYb4YMJKvyOeW";

    @TempDir
    Path tmp;

    private record Result(int status, String out, String err) {
    }

    private Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        Terminal terminal = new Terminal(new PrintWriter(out), new PrintWriter(err),
                new BufferedReader(new StringReader("")), Optional.empty());
        int status = Main.run(args, terminal, SqliteMailStore::open);
        return new Result(status, out.toString(), err.toString());
    }

    private String data() {
        return tmp.resolve("data").toString();
    }

    private Path write(String name, String content) throws Exception {
        return Files.writeString(tmp.resolve(name), content);
    }

    private static String ssha512(String password) throws Exception {
        byte[] salt = {9, 8, 7, 6};
        MessageDigest md = MessageDigest.getInstance("SHA-512");
        md.update(password.getBytes(StandardCharsets.UTF_8));
        md.update(salt);
        byte[] digest = md.digest();
        byte[] raw = new byte[digest.length + salt.length];
        System.arraycopy(digest, 0, raw, 0, digest.length);
        System.arraycopy(salt, 0, raw, digest.length, salt.length);
        return "{SSHA512}" + Base64.getEncoder().encodeToString(raw);
    }

    /** Logs every user in with PLAIN and checks the hash became Argon2id and SCRAM keys exist. */
    private void everyoneLogsInAndIsUpgraded(Map<String, String> passwords) throws Exception {
        PasswordHasher hasher = new PasswordHasher(new PasswordHasher.Cost(64, 1, 1), new SecureRandom());
        try (MailStore store = SqliteMailStore.open(tmp.resolve("data"))) {
            CredentialChecker checker = new CredentialChecker(store.accounts(), store.appPasswords(), hasher, 1,
                    Clock.systemUTC());
            LoginThrottle throttle = new LoginThrottle(new LoginThrottle.Settings(Duration.ofMillis(1),
                    Duration.ofMillis(1), Duration.ofMinutes(15), 1000), Clock.systemUTC());
            PasswordLogin login = new PasswordLogin(new PasswordAuthenticator(checker, throttle),
                    new ScramEnrollment(store.scram(), hasher, new SecureRandom()));
            LoginSource source = new LoginSource(LoginProtocol.IMAP, InetAddress.getLoopbackAddress());
            for (Map.Entry<String, String> user : passwords.entrySet()) {
                assertTrue(login.authenticate(user.getKey(), user.getValue() + "x", source, "PLAIN").isEmpty());
                assertTrue(login.authenticate(user.getKey(), user.getValue(), source, "PLAIN").isPresent(),
                        user.getKey());
                Account account = store.accounts().findAccount(user.getKey()).orElseThrow();
                assertTrue(account.passwordHash().startsWith("$argon2id$"), user.getKey());
                assertTrue(hasher.verify(user.getValue(), account.passwordHash()));
                for (ScramHash hash : ScramHash.values()) {
                    assertTrue(store.scram().find(account.id(), hash).isPresent(), user.getKey() + " " + hash);
                }
                assertEquals(6, store.mailboxes().listMailboxes(account.id()).size());
            }
        }
    }

    @Test
    void aPasswdFileWithSeveralSchemesIsImportedAndEachUserIsUpgradedAtLogin() throws Exception {
        String argon2id = new PasswordHasher(new PasswordHasher.Cost(64, 1, 1), new SecureRandom()).hash("argon pass");
        Path file = write("passwd", String.join("\n",
                "# exported from dovecot",
                "ann@example.com:{SHA512-CRYPT}" + SHA512 + ":1000:1000::/home/ann::",
                "",
                "bob@example.com:{SHA256-CRYPT}" + SHA256,
                "cat@example.org:{BLF-CRYPT}" + BCRYPT + ":::",
                "dan@example.org:" + ssha512("dan's pass") + "::",
                "eve@example.org:{CLEAR}eve's pass",
                "fox@example.org:{ARGON2ID}" + argon2id,
                ""));
        Result result = run("user", "import", file.toString(), "--data", data());
        assertEquals(0, result.status(), result.err());
        assertTrue(result.out().contains("added local domain example.com"), result.out());
        assertTrue(result.out().contains("added user fox@example.org"), result.out());
        assertTrue(result.out().contains("imported 6 accounts from " + file + " (passwd), 1 ARGON2ID, 1 BLF-CRYPT, "
                + "1 PLAIN, 1 SHA256-CRYPT, 1 SHA512-CRYPT, 1 SSHA512"), result.out());
        try (MailStore store = SqliteMailStore.open(tmp.resolve("data"))) {
            assertEquals("{PLAIN}eve's pass", store.accounts().findAccount("eve@example.org").orElseThrow().passwordHash());
            assertEquals(argon2id, store.accounts().findAccount("fox@example.org").orElseThrow().passwordHash());
        }
        everyoneLogsInAndIsUpgraded(Map.of("ann@example.com", "Hello world!", "bob@example.com", "Hello world!",
                "cat@example.org", "U*U", "dan@example.org", "dan's pass", "eve@example.org", "eve's pass",
                "fox@example.org", "argon pass"));
    }

    @Test
    void aCsvWithAHeaderIsImported() throws Exception {
        Path file = write("users.csv", String.join("\n",
                "address,password-hash",
                "Gus@Example.net,{SHA512-CRYPT}" + SHA512,
                "\"hal@example.net\",\"{PLAIN}a, quoted \"\"pass\"\"\"",
                "ivy@example.net," + BCRYPT));
        Result result = run("user", "import", file.toString(), "--data", data());
        assertEquals(0, result.status(), result.err());
        assertTrue(result.out().contains("imported 3 accounts from " + file + " (csv)"), result.out());
        everyoneLogsInAndIsUpgraded(Map.of("gus@example.net", "Hello world!", "hal@example.net", "a, quoted \"pass\"",
                "ivy@example.net", "U*U"));
    }

    @Test
    void oneBadLineImportsNothingAndEveryProblemIsNamedByLine() throws Exception {
        assertEquals(0, run("domain", "add", "example.com", "--data", data()).status());
        Path file = write("passwd", String.join("\n",
                "ann@example.com:{SHA512-CRYPT}" + SHA512,
                "bob@example.com:{MD5-CRYPT}$1$salt$abcdefghijklmnopqrstuv",
                "carl:{PLAIN}secret",
                "ann@example.com:{PLAIN}again",
                "dee@example.com:{SHA256-CRYPT}$5$salt$short",
                "eli@example.com:{PLAIN}fine"));
        Result result = run("user", "import", file.toString(), "--data", data());
        assertEquals(1, result.status());
        List<String> errors = result.err().lines().toList();
        assertEquals(List.of(
                file + ":2: bob@example.com: unknown password scheme {MD5-CRYPT}",
                file + ":3: user 'carl' is not a whole e-mail address (Tegami logs users in with local@domain)",
                file + ":4: ann@example.com is already on line 1",
                file + ":5: dee@example.com: malformed SHA256-CRYPT hash",
                "tegami: nothing imported: 4 of the lines in " + file + " cannot be imported"), errors);
        assertFalse(result.err().contains("$6$"), "hashes are never printed");
        try (MailStore store = SqliteMailStore.open(tmp.resolve("data"))) {
            assertTrue(store.accounts().listAccounts().isEmpty());
        }
    }

    @Test
    void anExistingAccountIsALineProblem() throws Exception {
        Path first = write("a.csv", "jo@example.com,{PLAIN}jo's pass\n");
        assertEquals(0, run("user", "import", first.toString(), "--data", data()).status());
        Path second = write("b.csv", "kim@example.com,{PLAIN}kim's pass\njo@example.com,{PLAIN}other\n");
        Result result = run("user", "import", second.toString(), "--data", data());
        assertEquals(1, result.status());
        assertTrue(result.err().contains(second + ":2: user jo@example.com already exists"), result.err());
        try (MailStore store = SqliteMailStore.open(tmp.resolve("data"))) {
            assertTrue(store.accounts().findAccount("kim@example.com").isEmpty());
        }
    }

    @Test
    void anAccountCreatedAfterTheCheckMakesTheWholeImportFail() {
        try (MailStore store = SqliteMailStore.open(tmp.resolve("data"))) {
            store.accounts().createAccount("ned@example.com", "hash", List.of());
            AccountProvisioner provisioner = new AccountProvisioner(store.accounts(), store.scram(), new PasswordHasher());
            CommandFailure failure = org.junit.jupiter.api.Assertions.assertThrows(CommandFailure.class,
                    () -> provisioner.createImported(List.of(
                            new AccountProvisioner.Imported(MailAddress.parse("oda@example.net"), "{PLAIN}oda's pass"),
                            new AccountProvisioner.Imported(MailAddress.parse("ned@example.com"), "{PLAIN}ned's pass"))));
            assertTrue(failure.getMessage().startsWith("nothing imported"), failure.getMessage());
            assertEquals(List.of("ned@example.com"), store.accounts().listAccounts().stream().map(Account::address).toList());
            assertTrue(store.accounts().listDomains().isEmpty());
        }
    }

    @Test
    void aDryRunChecksAndChangesNothing() throws Exception {
        assertEquals(0, run("domain", "add", "example.com", "--data", data()).status());
        Path file = write("users", "lee@example.com:{SHA512-CRYPT}" + SHA512 + "\nmay@example.org:{PLAIN}maypass\n");
        Result result = run("user", "import", file.toString(), "--dry-run", "--format", "passwd", "--data", data());
        assertEquals(0, result.status(), result.err());
        assertEquals(List.of("would add user lee@example.com (SHA512-CRYPT)", "would add user may@example.org (PLAIN)",
                "dry run: would import 2 accounts from " + file + " (passwd), 1 PLAIN, 1 SHA512-CRYPT"),
                result.out().lines().toList());
        try (MailStore store = SqliteMailStore.open(tmp.resolve("data"))) {
            assertTrue(store.accounts().listAccounts().isEmpty());
            assertEquals(List.of("example.com"), store.accounts().listDomains());
        }
    }
}
