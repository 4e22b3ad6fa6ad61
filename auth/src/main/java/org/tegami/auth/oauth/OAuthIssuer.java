package org.tegami.auth.oauth;

import com.nimbusds.jose.JWSAlgorithm;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * One trusted OAuth 2.0 authorization server. Its access tokens are either JWTs checked against the keys
 * its OpenID Connect discovery document names (OIDC Discovery §4, RFC 8414), or, when an introspection
 * endpoint is set, opaque tokens asked about at that endpoint (RFC 7662).
 *
 * @param issuer                the issuer identifier, exactly as the tokens' {@code iss} claim holds it
 * @param audiences             the {@code aud} values accepted; a token must name at least one (RFC 7519 §4.1.3)
 * @param algorithms            the signature algorithms accepted; asymmetric only
 * @param claim                 the claim that holds the account's address
 * @param scope                 the scope a client should ask for, sent in the RFC 7628 §3.2.2 error
 * @param introspectionEndpoint where to introspect tokens instead of verifying JWTs (RFC 7662 §2)
 * @param clientId              the client id for introspection (RFC 7662 §2.1)
 * @param clientSecret          the client secret for introspection
 * @param clockSkew             the leeway on {@code exp} and {@code nbf}
 */
public record OAuthIssuer(URI issuer, Set<String> audiences, Set<JWSAlgorithm> algorithms, String claim, String scope,
                          Optional<URI> introspectionEndpoint, Optional<String> clientId,
                          Optional<String> clientSecret, Duration clockSkew) {

    public static final List<String> DEFAULT_ALGORITHMS = List.of("RS256", "RS384", "RS512", "PS256", "PS384",
            "PS512", "ES256", "ES384", "ES512", "EdDSA");
    public static final String DEFAULT_CLAIM = "email";
    public static final String DEFAULT_SCOPE = "openid email";
    public static final Duration DEFAULT_CLOCK_SKEW = Duration.ofSeconds(60);

    /** Only signatures made with a private key: {@code none} and HMAC (a shared secret) are never accepted. */
    private static final Set<JWSAlgorithm> ASYMMETRIC;

    static {
        java.util.HashSet<JWSAlgorithm> all = new java.util.HashSet<>();
        all.addAll(JWSAlgorithm.Family.RSA);
        all.addAll(JWSAlgorithm.Family.EC);
        all.addAll(JWSAlgorithm.Family.ED);
        all.add(JWSAlgorithm.EdDSA);
        ASYMMETRIC = Set.copyOf(all);
    }

    public OAuthIssuer {
        if (issuer == null || !"https".equals(issuer.getScheme()) && !"http".equals(issuer.getScheme())) {
            throw new IllegalArgumentException("the issuer must be an http(s) URL");
        }
        audiences = Set.copyOf(audiences);
        if (audiences.isEmpty()) {
            throw new IllegalArgumentException("at least one audience is required");
        }
        algorithms = Set.copyOf(algorithms);
        if (algorithms.isEmpty()) {
            throw new IllegalArgumentException("at least one algorithm is required");
        }
        algorithms.forEach(OAuthIssuer::requireAsymmetric);
        if (claim == null || claim.isBlank()) {
            throw new IllegalArgumentException("the account claim is required");
        }
        if (introspectionEndpoint.isPresent() && (clientId.isEmpty() || clientSecret.isEmpty())) {
            throw new IllegalArgumentException("introspection needs a client id and a client secret");
        }
        if (clockSkew.isNegative()) {
            throw new IllegalArgumentException("the clock skew must not be negative");
        }
    }

    /** Refuses {@code none}, HMAC and anything else that is not a public-key signature (RFC 8725 §3.1). */
    public static void requireAsymmetric(JWSAlgorithm algorithm) {
        if (!ASYMMETRIC.contains(algorithm)) {
            throw new IllegalArgumentException("algorithm " + algorithm + " is not an asymmetric signature");
        }
    }

    /** JWT validation with the defaults: the usual asymmetric algorithms, the {@code email} claim, 60 s skew. */
    public static OAuthIssuer jwt(URI issuer, Set<String> audiences) {
        return new OAuthIssuer(issuer, audiences, algorithms(DEFAULT_ALGORITHMS), DEFAULT_CLAIM, DEFAULT_SCOPE,
                Optional.empty(), Optional.empty(), Optional.empty(), DEFAULT_CLOCK_SKEW);
    }

    /** Parses algorithm names ({@code RS256} …). */
    public static Set<JWSAlgorithm> algorithms(List<String> names) {
        return names.stream().map(JWSAlgorithm::parse).collect(java.util.stream.Collectors.toUnmodifiableSet());
    }

    /** Where the issuer's discovery document is (OIDC Discovery §4.1: the issuer plus the well-known path). */
    public URI discoveryDocument() {
        String base = issuer.toString();
        return URI.create((base.endsWith("/") ? base.substring(0, base.length() - 1) : base)
                + "/.well-known/openid-configuration");
    }

    /** The issuer's id as the {@code iss} claim holds it. */
    public String id() {
        return issuer.toString();
    }
}
