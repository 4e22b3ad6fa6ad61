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

    private final PasswordLogin passwords;

    public LoginMechanism(PasswordLogin passwords) {
        this.passwords = passwords;
    }

    @Override
    public String name() {
        return "LOGIN";
    }

    /** It sends the password itself: only under TLS (RFC 4616 §6, RFC 4954 §4, RFC 9051 §6.2.2). */
    @Override
    public boolean offeredIn(SaslContext context) {
        return context.tls();
    }

    @Override
    public SaslExchange start(SaslContext context) {
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
                Optional<Account> account = passwords.authenticate(userName,
                        new String(response, StandardCharsets.UTF_8), context.loginSource(), name());
                return account.<SaslStep>map(SaslStep.Success::new).orElseGet(SaslStep.Failure::new);
            }
        };
    }
}
