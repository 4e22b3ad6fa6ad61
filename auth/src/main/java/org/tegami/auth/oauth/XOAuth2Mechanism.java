package org.tegami.auth.oauth;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.tegami.auth.SaslContext;
import org.tegami.auth.SaslExchange;
import org.tegami.auth.SaslMechanism;
import org.tegami.auth.SaslStep;
import org.tegami.store.Account;

/**
 * SASL XOAUTH2, the pre-standard form of OAUTHBEARER that many clients still send:
 * {@code user=<address> ^A auth=Bearer <token> ^A ^A}. As with RFC 7628 §3.2.2, a failure is a challenge
 * with a JSON error, and the outcome follows the client's (empty) answer to it. Offered only under TLS.
 */
public final class XOAuth2Mechanism implements SaslMechanism {

    private final BearerTokens tokens;

    public XOAuth2Mechanism(BearerTokens tokens) {
        this.tokens = tokens;
    }

    @Override
    public String name() {
        return "XOAUTH2";
    }

    /** The token is a bearer credential (RFC 6750 §5.3): only under TLS. */
    @Override
    public boolean offeredIn(SaslContext context) {
        return context.tls();
    }

    @Override
    public SaslExchange start(SaslContext context) {
        return new SaslExchange() {
            private boolean failed;

            @Override
            public SaslStep evaluate(byte[] response) {
                if (failed) {
                    return new SaslStep.Failure();
                }
                if (response == null) {
                    return new SaslStep.Challenge(new byte[0]);
                }
                String text = new String(response, StandardCharsets.UTF_8);
                if (!text.startsWith("user=") || !text.endsWith("\u0001\u0001")) {
                    return new SaslStep.Malformed("XOAUTH2 message must be user=... ^A auth=Bearer token ^A^A");
                }
                int end = text.indexOf('\u0001');
                String user = text.substring("user=".length(), end);
                Optional<String> token = OAuthBearerMechanism.bearerToken(text.substring(end + 1, text.length() - 1));
                if (token.isEmpty()) {
                    return new SaslStep.Malformed("XOAUTH2 message must hold auth=Bearer token");
                }
                Optional<Account> account = tokens.authenticate(token.get(), user, context.loginSource(), name());
                if (account.isPresent()) {
                    return new SaslStep.Success(account.get());
                }
                failed = true;
                return new SaslStep.Challenge(tokens.xoauth2Error());
            }
        };
    }
}
