package org.tegami.http;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The ACME HTTP-01 challenges being validated right now (RFC 8555 §8.3): for each token, the key
 * authorization the ACME server expects at {@code /.well-known/acme-challenge/<token>}. The certificate
 * side puts a token here before it asks for validation and takes it away when the validation is over.
 */
public final class AcmeHttpChallenges {

    private final Map<String, String> keyAuthorizations = new ConcurrentHashMap<>();

    public void answer(String token, String keyAuthorization) {
        keyAuthorizations.put(token, keyAuthorization);
    }

    public void withdraw(String token) {
        keyAuthorizations.remove(token);
    }

    Optional<String> keyAuthorization(String token) {
        return Optional.ofNullable(keyAuthorizations.get(token));
    }
}
