package org.tegami.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Optional;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tegami.store.Account;
import org.tegami.store.LoginProtocol;
import org.tegami.store.MailStore;
import org.tegami.store.StoreError;
import org.tegami.store.sqlite.SqliteMailStore;

/** Main and app passwords per protocol, the main-password switch, and equal work for every outcome. */
class CredentialCheckerTest {

    private static final int MAX_APP_PASSWORDS = 3;

    @TempDir
    Path dir;

    private final ManualClock clock = new ManualClock();
    private final PasswordHasher hasher = new PasswordHasher(new PasswordHasher.Cost(64, 1, 1), new SecureRandom());
    private MailStore store;
    private Account carol;
    private CredentialChecker checker;
    private AppPasswordIssuer issuer;

    @BeforeEach
    void open() {
        store = SqliteMailStore.open(dir, clock);
        carol = store.accounts().createAccount("carol@example.org", hasher.hash("main secret"), List.of());
        checker = new CredentialChecker(store.accounts(), store.appPasswords(), hasher, MAX_APP_PASSWORDS, clock);
        issuer = new AppPasswordIssuer(store.appPasswords(), new PasswordGenerator(new SecureRandom()), hasher,
                MAX_APP_PASSWORDS);
    }

    @AfterEach
    void close() {
        store.close();
    }

    private boolean accepted(String user, String password, LoginProtocol protocol) {
        return checker.check(user, password, protocol).account().isPresent();
    }

    @Test
    void appPasswordsAreGeneratedInGroupsAndStoredAsArgon2idHashes() {
        AppPasswordIssuer.Issued issued = issuer.issue(carol.id(), "phone", Optional.empty());
        assertTrue(Pattern.matches("[a-zA-Z2-9]{4}(-[a-zA-Z2-9]{4}){3}", issued.secret()), issued.secret());
        String hash = store.appPasswords().credentials(carol.id()).getFirst().passwordHash();
        assertTrue(hash.startsWith("$argon2id$v=19$m=1024,t=1,p=1$"), hash);
        assertFalse(issued.toString().contains(issued.secret()));
    }

    @Test
    void anUnrestrictedAppPasswordWorksOnBothProtocolsHoweverItIsTyped() {
        String secret = issuer.issue(carol.id(), "phone", Optional.empty()).secret();
        assertTrue(accepted("carol@example.org", secret, LoginProtocol.IMAP));
        assertTrue(accepted("Carol@Example.org", secret, LoginProtocol.SMTP));
        assertTrue(accepted("carol@example.org", secret.replace("-", ""), LoginProtocol.IMAP));
        assertTrue(accepted("carol@example.org", secret.replace("-", " "), LoginProtocol.IMAP));
        assertFalse(accepted("carol@example.org", secret.toUpperCase(), LoginProtocol.IMAP));
        assertTrue(accepted("carol@example.org", "main secret", LoginProtocol.IMAP), "the main password still works");
        assertEquals(Optional.of(clock.instant()), store.appPasswords().list(carol.id()).getFirst().lastUsedAt());
    }

    @Test
    void aRestrictedAppPasswordWorksOnlyForItsProtocol() {
        String imapOnly = issuer.issue(carol.id(), "mail app", Optional.of(LoginProtocol.IMAP)).secret();
        String smtpOnly = issuer.issue(carol.id(), "printer", Optional.of(LoginProtocol.SMTP)).secret();
        assertTrue(accepted("carol@example.org", imapOnly, LoginProtocol.IMAP));
        CredentialChecker.Check refused = checker.check("carol@example.org", imapOnly, LoginProtocol.SMTP);
        assertTrue(refused.account().isEmpty());
        assertTrue(refused.detail().contains("is for IMAP only"), refused.detail());
        assertTrue(accepted("carol@example.org", smtpOnly, LoginProtocol.SMTP));
        assertFalse(accepted("carol@example.org", smtpOnly, LoginProtocol.IMAP));
    }

    @Test
    void theMainPasswordIsRefusedWhenTheAccountSaysSo() {
        String secret = issuer.issue(carol.id(), "phone", Optional.empty()).secret();
        store.appPasswords().setMainPasswordRefused(carol.id(), true);
        CredentialChecker.Check check = checker.check("carol@example.org", "main secret", LoginProtocol.IMAP);
        assertTrue(check.account().isEmpty());
        assertTrue(check.detail().contains("main password is refused"), check.detail());
        assertFalse(accepted("carol@example.org", "main secret", LoginProtocol.SMTP));
        assertTrue(accepted("carol@example.org", secret, LoginProtocol.SMTP));
        store.appPasswords().setMainPasswordRefused(carol.id(), false);
        assertTrue(accepted("carol@example.org", "main secret", LoginProtocol.SMTP));
    }

    @Test
    void aRevokedAppPasswordStopsWorking() {
        AppPasswordIssuer.Issued issued = issuer.issue(carol.id(), "phone", Optional.empty());
        assertTrue(store.appPasswords().deleteByLabel(carol.id(), "phone"));
        assertFalse(accepted("carol@example.org", issued.secret(), LoginProtocol.IMAP));
    }

    @Test
    void everyOutcomeVerifiesTheSameNumberOfHashes() {
        String secret = issuer.issue(carol.id(), "phone", Optional.empty()).secret();
        int expected = 1 + MAX_APP_PASSWORDS;
        List<CredentialChecker.Check> checks = List.of(
                checker.check("nobody@example.org", "main secret", LoginProtocol.IMAP),
                checker.check("carol@example.org", "wrong", LoginProtocol.IMAP),
                checker.check("carol@example.org", "main secret", LoginProtocol.IMAP),
                checker.check("carol@example.org", secret, LoginProtocol.IMAP));
        for (CredentialChecker.Check check : checks) {
            assertEquals(expected, check.hashesVerified(), check.detail());
        }
        store.appPasswords().setMainPasswordRefused(carol.id(), true);
        assertEquals(expected, checker.check("carol@example.org", "main secret", LoginProtocol.IMAP).hashesVerified());
        assertEquals("no such user", checks.get(0).detail());
        assertEquals("wrong password", checks.get(1).detail());
    }

    @Test
    void theNumberOfAppPasswordsIsCapped() {
        for (int i = 0; i < MAX_APP_PASSWORDS; i++) {
            issuer.issue(carol.id(), "device " + i, Optional.empty());
        }
        StoreError e = assertThrows(StoreError.class, () -> issuer.issue(carol.id(), "one more", Optional.empty()));
        assertEquals(StoreError.Kind.CANNOT, e.kind());
    }

    @Test
    void failedLoginsAreDelayedPerAccountButASuccessIsNot() throws Exception {
        LoginThrottle throttle = new LoginThrottle(new LoginThrottle.Settings(Duration.ofMillis(1),
                Duration.ofMillis(2), Duration.ofMinutes(15), 100), clock);
        PasswordAuthenticator authenticator = new PasswordAuthenticator(checker, throttle);
        for (int i = 0; i < 10; i++) {
            LoginSource source = new LoginSource(LoginProtocol.IMAP, InetAddress.getByName("192.0.2." + (i + 1)));
            assertTrue(authenticator.authenticate("carol@example.org", "guess " + i, source, "PLAIN").isEmpty());
        }
        assertTrue(throttle.recordAccountFailure("carol@example.org").isPositive(), "the account is being delayed");
        LoginSource owner = new LoginSource(LoginProtocol.SMTP, InetAddress.getByName("198.51.100.1"));
        assertTrue(authenticator.authenticate("carol@example.org", "main secret", owner, "PLAIN").isPresent(),
                "never locked");
    }
}
