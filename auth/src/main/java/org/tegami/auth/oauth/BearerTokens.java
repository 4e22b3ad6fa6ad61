package org.tegami.auth.oauth;

import com.nimbusds.jwt.SignedJWT;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.tegami.auth.CredentialChecker;
import org.tegami.auth.LoginSource;
import org.tegami.auth.PasswordAuthenticator;
import org.tegami.store.Account;
import org.tegami.store.AccountDirectory;

/**
 * Logs in with an OAuth 2.0 bearer token (RFC 6750) for OAUTHBEARER and XOAUTH2: finds the configured
 * issuer the token belongs to, has it validated, and maps the issuer's account claim to an existing account
 * (case-insensitive). The token alone decides: an account that refuses its main password still logs in with
 * a token. Every outcome is logged, and failures delayed, through the {@link PasswordAuthenticator}; the
 * token itself never reaches a log. Thread-safe.
 */
public final class BearerTokens {

    private final List<TokenCheck> checks;
    private final AccountDirectory accounts;
    private final PasswordAuthenticator authenticator;

    BearerTokens(List<TokenCheck> checks, AccountDirectory accounts, PasswordAuthenticator authenticator) {
        if (checks.isEmpty()) {
            throw new IllegalArgumentException("at least one issuer is required");
        }
        this.checks = List.copyOf(checks);
        this.accounts = accounts;
        this.authenticator = authenticator;
    }

    /**
     * Validation for each issuer: introspection where an endpoint is configured, JWT verification otherwise.
     */
    public static BearerTokens of(List<OAuthIssuer> issuers, TokenValidator.Timing timing, AccountDirectory accounts,
                                  PasswordAuthenticator authenticator, Clock clock) {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
                .followRedirects(HttpClient.Redirect.NEVER).build();
        List<TokenCheck> checks = new ArrayList<>();
        for (OAuthIssuer issuer : issuers) {
            checks.add(issuer.introspectionEndpoint().isPresent()
                    ? new IntrospectionValidator(issuer, http, timing.discoveryBackoff(), clock)
                    : new TokenValidator(issuer, timing, clock));
        }
        return new BearerTokens(checks, accounts, authenticator);
    }

    /**
     * The account the token authenticates, if it is valid and its claim names an account; {@code userName}, the
     * authorization identity the client gave (empty when none), must then name that same account.
     */
    public Optional<Account> authenticate(String token, String userName, LoginSource source, String mechanism) {
        Optional<TokenCheck> jwtIssuer = jwtIssuer(token);
        List<TokenCheck> candidates = jwtIssuer.map(List::of).orElseGet(() -> checks.stream()
                .filter(c -> c.issuer().introspectionEndpoint().isPresent()).toList());
        for (TokenCheck check : candidates) {
            Optional<String> principal = check.principal(token);
            if (principal.isEmpty()) {
                continue;
            }
            Optional<Account> account = accounts.findAccount(CredentialChecker.normalize(principal.get()));
            if (account.isEmpty()) {
                authenticator.loginFailed(source, mechanism, userName.isEmpty() ? principal.get() : userName,
                        "token of " + check.issuer().id() + " names no account");
                return Optional.empty();
            }
            // No proxy authorization (RFC 7628 §3.1 authzid): a name given must be the token's account.
            if (!userName.isEmpty() && !CredentialChecker.normalize(userName).equals(account.get().address())) {
                authenticator.loginFailed(source, mechanism, userName,
                        "token of " + check.issuer().id() + " is for another account");
                return Optional.empty();
            }
            authenticator.loginSucceeded(source, mechanism, account.get(), "bearer token of " + check.issuer().id());
            return account;
        }
        authenticator.loginFailed(source, mechanism, userName, "invalid bearer token");
        return Optional.empty();
    }

    /** RFC 7628 §3.2.2: the error a failed OAUTHBEARER exchange answers, naming where to get a token. */
    public byte[] oauthBearerError() {
        OAuthIssuer first = checks.getFirst().issuer();
        return ("{\"status\":\"invalid_token\",\"scope\":\"" + json(first.scope())
                + "\",\"openid-configuration\":\"" + json(first.discoveryDocument().toString()) + "\"}")
                .getBytes(StandardCharsets.UTF_8);
    }

    /** The error a failed XOAUTH2 exchange answers, in the shape its clients expect. */
    public byte[] xoauth2Error() {
        return ("{\"status\":\"401\",\"schemes\":\"bearer\",\"scope\":\"" + json(checks.getFirst().issuer().scope())
                + "\"}").getBytes(StandardCharsets.UTF_8);
    }

    /** The JWT-verifying issuer whose id the token's (not yet verified) {@code iss} claim names, if any. */
    private Optional<TokenCheck> jwtIssuer(String token) {
        String iss;
        try {
            iss = SignedJWT.parse(token).getJWTClaimsSet().getIssuer();
        } catch (ParseException e) {
            return Optional.empty();
        }
        return checks.stream().filter(c -> c.issuer().introspectionEndpoint().isEmpty()
                && c.issuer().id().equals(iss)).findFirst();
    }

    private static String json(String text) {
        return text.replace("\\", "\\\\").replace("\"", "\\\"");
    }
}
