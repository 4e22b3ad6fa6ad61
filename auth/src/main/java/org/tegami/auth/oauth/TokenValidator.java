package org.tegami.auth.oauth;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.DefaultJOSEObjectTypeVerifier;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jose.util.DefaultResourceRetriever;
import com.nimbusds.jose.util.JSONObjectUtils;
import com.nimbusds.jose.util.ResourceRetriever;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import java.io.IOException;
import java.net.URI;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Verifies JWT access tokens (RFC 9068, RFC 7519) of one issuer with Nimbus JOSE+JWT. The issuer's
 * discovery document (OIDC Discovery §4) is fetched once and kept; it names the JWK set (RFC 7517), which is
 * cached, fetched again when a token names a key id the cached set lacks, and rate-limited so that neither a
 * flood of tokens with made-up key ids nor an endpoint that is down makes us hammer the server. Every fetch
 * error fails the token (fail closed). Thread-safe.
 */
public final class TokenValidator implements TokenCheck {

    private static final Logger LOG = LoggerFactory.getLogger(TokenValidator.class);
    private static final int HTTP_TIMEOUT_MS = 5_000;
    private static final int MAX_DOCUMENT_BYTES = 256 * 1024;

    /** How often the key set may be fetched at most, and how long it is kept. */
    public record Timing(Duration minRefetchInterval, Duration cacheTimeToLive, Duration discoveryBackoff) {
        public static final Timing DEFAULTS = new Timing(Duration.ofSeconds(30), Duration.ofMinutes(15),
                Duration.ofSeconds(30));
    }

    private final OAuthIssuer issuer;
    private final Timing timing;
    private final ResourceRetriever retriever;
    private final Backoff discoveryBackoff;
    private DefaultJWTProcessor<SecurityContext> processor;

    public TokenValidator(OAuthIssuer issuer, Timing timing, Clock clock) {
        this.issuer = issuer;
        this.timing = timing;
        this.retriever = new DefaultResourceRetriever(HTTP_TIMEOUT_MS, HTTP_TIMEOUT_MS, MAX_DOCUMENT_BYTES);
        this.discoveryBackoff = new Backoff(timing.discoveryBackoff(), clock);
    }

    @Override
    public OAuthIssuer issuer() {
        return issuer;
    }

    @Override
    public Optional<String> principal(String token) {
        SignedJWT jwt;
        try {
            // A JWS only: an unsecured JWT (alg "none", RFC 7519 §6) does not even parse here.
            jwt = SignedJWT.parse(token);
        } catch (ParseException e) {
            return Optional.empty();
        }
        Optional<DefaultJWTProcessor<SecurityContext>> jwtProcessor = processor();
        if (jwtProcessor.isEmpty()) {
            return Optional.empty();
        }
        try {
            JWTClaimsSet claims = jwtProcessor.get().process(jwt, null);
            Object value = claims.getClaim(issuer.claim());
            return value instanceof String text && !text.isBlank() ? Optional.of(text) : Optional.empty();
        } catch (com.nimbusds.jose.proc.BadJOSEException e) {
            LOG.debug("token of {} refused: {}", issuer.id(), e.getMessage());
            return Optional.empty();
        } catch (com.nimbusds.jose.JOSEException e) {
            // KeySourceException: the key set could not be fetched; the token fails (fail closed).
            LOG.warn("cannot verify tokens of {}: {}", issuer.id(), e.getMessage());
            return Optional.empty();
        }
    }

    /** The processor, made once the discovery document has been read; empty while it cannot be. */
    private synchronized Optional<DefaultJWTProcessor<SecurityContext>> processor() {
        if (processor != null) {
            return Optional.of(processor);
        }
        if (!discoveryBackoff.mayTry()) {
            return Optional.empty();
        }
        try {
            URI jwksUri = discoverKeySet();
            JWKSource<SecurityContext> keys = JWKSourceBuilder.<SecurityContext>create(jwksUri.toURL(), retriever)
                    .cache(timing.cacheTimeToLive().toMillis(), HTTP_TIMEOUT_MS)
                    .refreshAheadCache(false)
                    .rateLimited(timing.minRefetchInterval().toMillis())
                    .retrying(false)
                    .outageTolerant(false)
                    .build();
            DefaultJWTProcessor<SecurityContext> made = new DefaultJWTProcessor<>();
            // RFC 8725 §3.1: only the configured asymmetric algorithms; HMAC and "none" are not in the set.
            made.setJWSKeySelector(new JWSVerificationKeySelector<>(issuer.algorithms(), keys));
            // RFC 9068 §2.1 "at+jwt"; plain "JWT" and no type are what most providers send.
            made.setJWSTypeVerifier(new DefaultJOSEObjectTypeVerifier<>(JOSEObjectType.JWT,
                    new JOSEObjectType("at+jwt"), new JOSEObjectType("application/at+jwt"), null));
            DefaultJWTClaimsVerifier<SecurityContext> claims = new DefaultJWTClaimsVerifier<>(issuer.audiences(),
                    new JWTClaimsSet.Builder().issuer(issuer.id()).build(), Set.of("exp", issuer.claim()), null);
            claims.setMaxClockSkew((int) issuer.clockSkew().toSeconds());
            made.setJWTClaimsSetVerifier(claims);
            processor = made;
            discoveryBackoff.succeeded();
            return Optional.of(made);
        } catch (IOException | ParseException | IllegalArgumentException e) {
            discoveryBackoff.failed();
            LOG.warn("cannot read the discovery document of {}: {}", issuer.id(), e.getMessage());
            return Optional.empty();
        }
    }

    /** OIDC Discovery §4: {@code jwks_uri}, after checking the document is the issuer's own (§4.3). */
    private URI discoverKeySet() throws IOException, ParseException {
        String body = retriever.retrieveResource(issuer.discoveryDocument().toURL()).getContent();
        Map<String, Object> document = JSONObjectUtils.parse(body);
        String documentIssuer = JSONObjectUtils.getString(document, "issuer");
        if (!issuer.id().equals(documentIssuer)) {
            throw new ParseException("the document names issuer " + documentIssuer, 0);
        }
        URI jwks = JSONObjectUtils.getURI(document, "jwks_uri");
        if (jwks == null) {
            throw new ParseException("the document has no jwks_uri", 0);
        }
        return jwks;
    }
}
