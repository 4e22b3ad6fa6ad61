package org.tegami.auth;

import java.time.Duration;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tegami.store.Account;

/**
 * Authenticates a user name and password for PLAIN, LOGIN and IMAP LOGIN: checks them
 * ({@link CredentialChecker}), logs the outcome with the client's address, the protocol, the mechanism
 * and the account (never the password), and on failure waits out the per-account delay of the
 * {@link LoginThrottle}. Mechanisms that check no password here (SCRAM) log and count their outcomes
 * through {@link #loginSucceeded} and {@link #loginFailed}, so every login is logged and delayed alike. The per-address delay, and blocking, are the session's part, because they apply
 * to every mechanism and the session knows when a login failed whatever the mechanism.
 */
public final class PasswordAuthenticator {

    private static final Logger LOG = LoggerFactory.getLogger(PasswordAuthenticator.class);
    /** Enough for any real address (RFC 5321 §4.5.3.1.3 caps a path at 256 octets); longer input is cut in logs. */
    private static final int MAX_LOGGED_NAME = 256;

    private final CredentialChecker checker;
    private final LoginThrottle throttle;
    /** Where the hashes are computed; null: on the caller's thread. */
    private final PasswordHashing hashing;

    /**
     * Checks on the caller's thread: for the command line and tools, where nothing else waits. A server,
     * whose sessions run on virtual threads, passes a {@link PasswordHashing}.
     */
    public PasswordAuthenticator(CredentialChecker checker, LoginThrottle throttle) {
        this(checker, throttle, null);
    }

    /** Checks with every hash computed on {@code hashing}'s threads, the caller parked meanwhile. */
    public PasswordAuthenticator(CredentialChecker checker, LoginThrottle throttle, PasswordHashing hashing) {
        this.checker = checker;
        this.throttle = throttle;
        this.hashing = hashing;
    }

    /**
     * Runs {@code work}, which computes password hashes, where this authenticator computes its own: for other
     * hashing that follows a login (deriving SCRAM credentials, {@link PasswordLogin}).
     */
    public <T> T hashing(java.util.function.Supplier<T> work) {
        return hashing == null ? work.get() : hashing.run(work);
    }

    /** The account when the credentials are right for the source's protocol; empty otherwise. */
    public Optional<Account> authenticate(String userName, String password, LoginSource source, String mechanism) {
        if (userName == null || password == null) {
            return Optional.empty();
        }
        CredentialChecker.Check check = hashing(() -> checker.check(userName, password, source.protocol()));
        if (check.account().isPresent()) {
            loginSucceeded(source, mechanism, check.account().get(), check.detail());
            return check.account();
        }
        loginFailed(source, mechanism, userName, check.detail());
        return Optional.empty();
    }

    /**
     * Logs a successful login by any mechanism; {@code detail} says which credential matched (never a
     * secret).
     */
    public void loginSucceeded(LoginSource source, String mechanism, Account account, String detail) {
        LOG.info("login: {} {} from {} as {} with {}", source.protocol(), mechanism,
                source.address().getHostAddress(), account.address(), detail);
    }

    /**
     * Logs a failed login by any mechanism for the user name the client gave, counts it against that user
     * name, and waits out the per-account delay ({@link LoginThrottle#recordAccountFailure}).
     */
    public void loginFailed(LoginSource source, String mechanism, String userName, String detail) {
        String name = CredentialChecker.normalize(userName);
        LOG.info("failed login: {} {} from {} as {}: {}", source.protocol(), mechanism,
                source.address().getHostAddress(), printable(name), detail);
        Duration delay = throttle.recordAccountFailure(name.length() > MAX_LOGGED_NAME
                ? name.substring(0, MAX_LOGGED_NAME) : name);
        if (delay.isPositive()) {
            try {
                // Deliberate: holding the answer back slows down guessing one account from many addresses.
                Thread.sleep(delay);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** The user name as typed, made safe for a log line: no control characters, bounded length. */
    private static String printable(String name) {
        String cut = name.length() > MAX_LOGGED_NAME ? name.substring(0, MAX_LOGGED_NAME) + "…" : name;
        return cut.replaceAll("\\p{Cntrl}", "?");
    }
}
