package org.tegami.auth;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.tegami.store.Account;

/** SASL PLAIN (RFC 4616): {@code [authzid] NUL authcid NUL passwd}, UTF-8. Offered only over TLS. */
public final class PlainMechanism implements SaslMechanism {

    private final PasswordLogin passwords;

    public PlainMechanism(PasswordLogin passwords) {
        this.passwords = passwords;
    }

    @Override
    public String name() {
        return "PLAIN";
    }

    /** It sends the password itself: only under TLS (RFC 4616 §6, RFC 4954 §4, RFC 9051 §6.2.2). */
    @Override
    public boolean offeredIn(SaslContext context) {
        return context.tls();
    }

    @Override
    public SaslExchange start(SaslContext context) {
        return response -> {
            if (response == null) {
                // RFC 4616 §2: the client sends the message after an empty challenge.
                return new SaslStep.Challenge(new byte[0]);
            }
            int first = indexOf(response, 0);
            int second = first < 0 ? -1 : indexOf(response, first + 1);
            if (first < 0 || second < 0 || indexOf(response, second + 1) >= 0) {
                return new SaslStep.Malformed("PLAIN message must be authzid NUL authcid NUL password");
            }
            String authzid = new String(response, 0, first, StandardCharsets.UTF_8);
            String authcid = new String(response, first + 1, second - first - 1, StandardCharsets.UTF_8);
            String password = new String(response, second + 1, response.length - second - 1, StandardCharsets.UTF_8);
            Optional<Account> account = passwords.authenticate(authcid, password, context.loginSource(), name());
            if (account.isEmpty()) {
                return new SaslStep.Failure();
            }
            // No proxy authorization: an authzid, when given, must name the authenticated account itself.
            if (!authzid.isEmpty() && !authzid.equalsIgnoreCase(account.get().address())) {
                return new SaslStep.Failure();
            }
            return new SaslStep.Success(account.get());
        };
    }

    private static int indexOf(byte[] data, int from) {
        for (int i = from; i < data.length; i++) {
            if (data[i] == 0) {
                return i;
            }
        }
        return -1;
    }
}
