package org.tegami.auth;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.tegami.store.Account;

/**
 * SASL LOGIN (draft-murchison-sasl-login): the server asks {@code Username:} then {@code Password:}.
 * Obsolete but still sent by Outlook and older clients; offered only over TLS.
 */
public final class LoginMechanism implements SaslMechanism {

    private static final byte[] USERNAME = "Username:".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] PASSWORD = "Password:".getBytes(StandardCharsets.US_ASCII);

    private final PasswordAuthenticator authenticator;
    private final LoginSource source;

    /** {@code source} tells which app passwords apply and goes into the log line of each attempt. */
    public LoginMechanism(PasswordAuthenticator authenticator, LoginSource source) {
        this.authenticator = authenticator;
        this.source = source;
    }

    @Override
    public String name() {
        return "LOGIN";
    }

    @Override
    public SaslExchange start() {
        return new SaslExchange() {
            private String userName;

            @Override
            public SaslStep evaluate(byte[] response) {
                if (userName == null) {
                    if (response == null) {
                        return new SaslStep.Challenge(USERNAME);
                    }
                    userName = new String(response, StandardCharsets.UTF_8);
                    return new SaslStep.Challenge(PASSWORD);
                }
                if (response == null) {
                    return new SaslStep.Malformed("password expected");
                }
                Optional<Account> account = authenticator.authenticate(userName,
                        new String(response, StandardCharsets.UTF_8), source, name());
                return account.<SaslStep>map(SaslStep.Success::new).orElseGet(SaslStep.Failure::new);
            }
        };
    }
}
