package org.tegami.auth;

import java.security.SecureRandom;
import org.tegami.store.ScramHash;

/**
 * One SCRAM mechanism (RFC 5802 §5): SCRAM-SHA-1 or SCRAM-SHA-256 (RFC 7677), each plain or with channel
 * binding (the -PLUS variant, RFC 5802 §6). Offered only under TLS; -PLUS only where the connection has
 * channel-binding data (see {@link ChannelBindings}).
 */
public final class ScramMechanism implements SaslMechanism {

    private final ScramHash hash;
    private final boolean plus;
    private final ScramAccounts accounts;
    private final PasswordAuthenticator authenticator;
    private final SecureRandom random;

    /** {@code authenticator} logs each outcome and applies the per-account delay to failures. */
    ScramMechanism(ScramHash hash, boolean plus, ScramAccounts accounts, PasswordAuthenticator authenticator,
                   SecureRandom random) {
        this.hash = hash;
        this.plus = plus;
        this.accounts = accounts;
        this.authenticator = authenticator;
        this.random = random;
    }

    @Override
    public String name() {
        String base = switch (hash) {
            case SHA_1 -> "SCRAM-SHA-1";
            case SHA_256 -> "SCRAM-SHA-256";
        };
        return plus ? base + "-PLUS" : base;
    }

    @Override
    public boolean offeredIn(SaslContext context) {
        return context.tls() && (!plus || !context.channelBindings().isEmpty());
    }

    /**
     * The exchange, with its outcome logged and a failure counted against the user name like a wrong
     * password (the session counts it against the address).
     */
    @Override
    public SaslExchange start(SaslContext context) {
        ScramExchange exchange = new ScramExchange(hash, plus, context.channelBindings(), accounts, random);
        LoginSource source = context.loginSource();
        return response -> {
            SaslStep step = exchange.evaluate(response);
            switch (step) {
                case SaslStep.Success success ->
                        authenticator.loginSucceeded(source, name(), success.account(), exchange.successDetail());
                case SaslStep.Failure failure -> authenticator.loginFailed(source, name(),
                        exchange.userName().orElse(""), exchange.failureDetail());
                default -> {
                }
            }
            return step;
        };
    }
}
