package org.tegami.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tegami.store.Account;
import org.tegami.store.LoginProtocol;
import org.tegami.store.MailStore;
import org.tegami.store.ScramHash;
import org.tegami.store.sqlite.SqliteMailStore;

/** An imported hash becomes Argon2id at the first successful main-password login, with SCRAM keys after it. */
class PasswordHashUpgradeTest {

    @TempDir
    Path dir;

    private final ManualClock clock = new ManualClock();
    private final PasswordHasher hasher = new PasswordHasher(new PasswordHasher.Cost(64, 1, 1), new SecureRandom());
    private MailStore store;
    private PasswordLogin login;
    private LoginSource source;

    @BeforeEach
    void open() throws Exception {
        store = SqliteMailStore.open(dir, clock);
        CredentialChecker checker = new CredentialChecker(store.accounts(), store.appPasswords(), hasher, 2, clock);
        LoginThrottle throttle = new LoginThrottle(new LoginThrottle.Settings(Duration.ofMillis(1),
                Duration.ofMillis(1), Duration.ofMinutes(15), 1000), clock);
        login = new PasswordLogin(new PasswordAuthenticator(checker, throttle),
                new ScramEnrollment(store.scram(), hasher, new SecureRandom()));
        source = new LoginSource(LoginProtocol.IMAP, InetAddress.getByName("192.0.2.1"));
    }

    @AfterEach
    void close() {
        store.close();
    }

    private String hashOf(Account account) {
        return store.accounts().findAccount(account.id()).orElseThrow().passwordHash();
    }

    private boolean hasScramKeys(Account account) {
        for (ScramHash hash : ScramHash.values()) {
            if (store.scram().find(account.id(), hash).isEmpty()) {
                return false;
            }
        }
        return true;
    }

    @Test
    void aSuccessfulLoginReplacesTheImportedHashAndDerivesScramKeys() {
        String imported = PasswordSchemes.recognise(
                "{SHA512-CRYPT}$6$saltstring$svn8UoSVapNtMuq1ukKS4tPQd8iKwSMHWjl/O817G3uBnIFNjnQJuesI68u4OTLiBFdcbYEdFCoEOfaS35inz1")
                .stored();
        Account dave = store.accounts().createAccount("dave@example.org", imported, List.of());

        assertTrue(login.authenticate("dave@example.org", "Hello world?", source, "PLAIN").isEmpty());
        assertEquals(imported, hashOf(dave), "a wrong password changes nothing");
        assertFalse(hasScramKeys(dave));

        Optional<Account> in = login.authenticate("dave@example.org", "Hello world!", source, "PLAIN");
        assertTrue(in.isPresent());
        String upgraded = hashOf(dave);
        assertTrue(upgraded.startsWith("$argon2id$"));
        assertEquals(upgraded, in.get().passwordHash());
        assertFalse(hasher.needsUpgrade(upgraded));
        assertTrue(hasher.verify("Hello world!", upgraded));
        assertTrue(hasScramKeys(dave), "SCRAM keys exist after the upgrade");

        assertTrue(login.authenticate("dave@example.org", "Hello world!", source, "PLAIN").isPresent());
        assertEquals(upgraded, hashOf(dave), "an Argon2id hash is kept");
    }

    @Test
    void scramKeysDerivedBeforeTheUpgradeAreReplacedNotLost() {
        Account erin = store.accounts().createAccount("erin@example.org", "{PLAIN}open sesame", List.of());
        new ScramEnrollment(store.scram(), hasher, new SecureRandom()).passwordSet(erin.id(), "open sesame");
        assertTrue(hasScramKeys(erin));

        assertTrue(login.authenticate("erin@example.org", "open sesame", source, "LOGIN").isPresent());
        assertTrue(hashOf(erin).startsWith("$argon2id$"));
        assertTrue(hasScramKeys(erin));
    }

    @Test
    void anAppPasswordLoginDoesNotUpgradeTheMainHash() {
        Account fay = store.accounts().createAccount("fay@example.org", "{PLAIN}main password", List.of());
        String secret = new AppPasswordIssuer(store.appPasswords(), new PasswordGenerator(new SecureRandom()), hasher, 2)
                .issue(fay.id(), "phone", Optional.empty()).secret();
        assertTrue(login.authenticate("fay@example.org", secret, source, "PLAIN").isPresent());
        assertEquals("{PLAIN}main password", hashOf(fay));
    }
}
