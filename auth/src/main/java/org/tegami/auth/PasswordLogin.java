package org.tegami.auth;

import java.util.Optional;
import org.tegami.store.Account;

/**
 * A login with a user name and password (SASL PLAIN and LOGIN, IMAP LOGIN): checks them, and on success
 * gives the account the SCRAM credentials it lacks.
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

    /** The account when the credentials are right; empty otherwise. */
    public Optional<Account> authenticate(String userName, String password) {
        Optional<Account> account = authenticator.authenticate(userName, password);
        account.ifPresent(a -> enrollment.ifPresent(e -> e.afterPasswordLogin(a, password)));
        return account;
    }
}
