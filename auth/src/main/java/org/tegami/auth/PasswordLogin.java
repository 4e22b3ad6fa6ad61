package org.tegami.auth;

import java.util.Optional;
import org.tegami.store.Account;

/**
 * A login with a user name and password (SASL PLAIN and LOGIN, IMAP LOGIN): checks them with the
 * {@link PasswordAuthenticator} (main password or an app password for the protocol, logging and the
 * per-account delay included), and on success gives the account the SCRAM credentials it lacks, which
 * {@link ScramEnrollment} derives only from the main password.
 */
public final class PasswordLogin {

    private final PasswordAuthenticator authenticator;
    private final Optional<ScramEnrollment> enrollment;

    public PasswordLogin(PasswordAuthenticator authenticator, ScramEnrollment enrollment) {
        this.authenticator = authenticator;
        this.enrollment = Optional.of(enrollment);
    }

    /** Password checks only: for servers without SCRAM. */
    public PasswordLogin(PasswordAuthenticator authenticator) {
        this.authenticator = authenticator;
        this.enrollment = Optional.empty();
    }

    /**
     * The account when the credentials are right for the source's protocol; empty otherwise. {@code mechanism}
     * names the way the client logged in, for the log.
     */
    public Optional<Account> authenticate(String userName, String password, LoginSource source, String mechanism) {
        Optional<Account> account = authenticator.authenticate(userName, password, source, mechanism);
        account.ifPresent(a -> enrollment.ifPresent(e -> authenticator.hashing(() -> {
            e.afterPasswordLogin(a, password);
            return null;
        })));
        return account;
    }

    /** The authenticator behind this login: the log and per-account delay other mechanisms share. */
    public PasswordAuthenticator authenticator() {
        return authenticator;
    }
}
