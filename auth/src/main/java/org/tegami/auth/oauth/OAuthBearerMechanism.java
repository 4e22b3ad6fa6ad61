package org.tegami.auth.oauth;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Optional;
import org.tegami.auth.SaslContext;
import org.tegami.auth.SaslExchange;
import org.tegami.auth.SaslMechanism;
import org.tegami.auth.SaslStep;
import org.tegami.store.Account;

/**
 * SASL OAUTHBEARER (RFC 7628): a bearer token in a GS2-style message. Offered only under TLS, since the
 * token is a bearer credential (RFC 7628 §5, RFC 6750 §5.3).
 */
public final class OAuthBearerMechanism implements SaslMechanism {

    private static final char SEPARATOR = '\u0001';

    private final BearerTokens tokens;

    public OAuthBearerMechanism(BearerTokens tokens) {
        this.tokens = tokens;
    }

    @Override
    public String name() {
        return "OAUTHBEARER";
    }

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
                    // RFC 7628 §3.2.3: after the error, the client's dummy message (0x01) ends the exchange.
                    return new SaslStep.Failure();
                }
                if (response == null) {
                    // The client sends its message after an empty challenge (RFC 4422 §5).
                    return new SaslStep.Challenge(new byte[0]);
                }
                Optional<Message> message = Message.parse(new String(response, StandardCharsets.UTF_8));
                if (message.isEmpty()) {
                    return new SaslStep.Malformed("OAUTHBEARER message must be gs2-header ^A auth=Bearer token ^A^A");
                }
                Optional<Account> account = tokens.authenticate(message.get().token(), message.get().authzid(),
                        context.loginSource(), name());
                if (account.isPresent()) {
                    return new SaslStep.Success(account.get());
                }
                // RFC 7628 §3.2.2: the failure is a challenge with the error JSON; the outcome follows.
                failed = true;
                return new SaslStep.Challenge(tokens.oauthBearerError());
            }
        };
    }

    /** The parts of the client's message that matter here. */
    record Message(String authzid, String token) {

        /**
         * RFC 7628 §3.1: {@code gs2-header kvsep *(kvpair kvsep) kvsep}, where the gs2 header is
         * {@code n,} or {@code y,} with an optional {@code a=authzid} (RFC 5801 §4), and one kvpair is
         * {@code auth=Bearer <token>} (RFC 6750 §2.1).
         */
        static Optional<Message> parse(String text) {
            int first = text.indexOf(',');
            int second = first < 0 ? -1 : text.indexOf(',', first + 1);
            if (second < 0) {
                return Optional.empty();
            }
            String flag = text.substring(0, first);
            // RFC 7628 §3.1: channel binding is not defined for OAUTHBEARER; "p=" is a protocol error.
            if (!flag.equals("n") && !flag.equals("y")) {
                return Optional.empty();
            }
            String authzidPart = text.substring(first + 1, second);
            String authzid;
            if (authzidPart.isEmpty()) {
                authzid = "";
            } else if (authzidPart.startsWith("a=")) {
                // RFC 5801 §4: "," and "=" in the name are escaped as =2C and =3D.
                authzid = authzidPart.substring(2).replace("=2C", ",").replace("=3D", "=");
            } else {
                return Optional.empty();
            }
            String rest = text.substring(second + 1);
            if (rest.length() < 2 || rest.charAt(0) != SEPARATOR || !rest.endsWith("" + SEPARATOR + SEPARATOR)) {
                return Optional.empty();
            }
            return bearerToken(rest.substring(1, rest.length() - 1)).map(token -> new Message(authzid, token));
        }
    }

    /**
     * The token from {@code key=value} pairs each ended by 0x01 (RFC 7628 §3.1), the {@code auth} pair holding
     * {@code Bearer <token>} (RFC 6750 §2.1, scheme case-insensitive).
     */
    static Optional<String> bearerToken(String pairs) {
        String token = null;
        for (String pair : pairs.split("\u0001", -1)) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            if (eq <= 0) {
                return Optional.empty();
            }
            if (pair.substring(0, eq).equals("auth")) {
                String value = pair.substring(eq + 1);
                if (token != null || value.length() <= 7
                        || !value.substring(0, 7).toLowerCase(Locale.ROOT).equals("bearer ")) {
                    return Optional.empty();
                }
                token = value.substring(7).strip();
            }
        }
        return token == null || token.isEmpty() ? Optional.empty() : Optional.of(token);
    }
}
