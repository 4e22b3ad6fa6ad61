package org.tegami.auth.oauth;

import com.nimbusds.jose.util.JSONObjectUtils;
import java.io.IOException;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Asks the issuer's introspection endpoint (RFC 7662) whether a token is active, authenticating as the
 * configured client. The token counts only when the answer says {@code active: true}, and, where the answer
 * holds them, names this issuer, one of the audiences, and a time window that includes now. A failed request
 * fails the token and holds back further requests for a while. Thread-safe.
 */
public final class IntrospectionValidator implements TokenCheck {

    private static final Logger LOG = LoggerFactory.getLogger(IntrospectionValidator.class);
    private static final Duration TIMEOUT = Duration.ofSeconds(5);
    private static final int MAX_ANSWER_BYTES = 64 * 1024;

    private final OAuthIssuer issuer;
    private final HttpClient http;
    private final Clock clock;
    private final Backoff backoff;

    public IntrospectionValidator(OAuthIssuer issuer, HttpClient http, Duration backoff, Clock clock) {
        if (issuer.introspectionEndpoint().isEmpty()) {
            throw new IllegalArgumentException("no introspection endpoint for " + issuer.id());
        }
        this.issuer = issuer;
        this.http = http;
        this.clock = clock;
        this.backoff = new Backoff(backoff, clock);
    }

    @Override
    public OAuthIssuer issuer() {
        return issuer;
    }

    @Override
    public Optional<String> principal(String token) {
        if (!backoff.mayTry()) {
            return Optional.empty();
        }
        Map<String, Object> answer;
        try {
            answer = introspect(token);
            backoff.succeeded();
        } catch (IOException | ParseException e) {
            backoff.failed();
            LOG.warn("cannot introspect tokens at {}: {}", issuer.introspectionEndpoint().get(), e.getMessage());
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
        // RFC 7662 §2.2: "active" is the one required member.
        if (!Boolean.TRUE.equals(answer.get("active"))) {
            return Optional.empty();
        }
        if (answer.get("iss") instanceof String iss && !iss.equals(issuer.id())) {
            return Optional.empty();
        }
        if (answer.containsKey("aud") && !audienceMatches(answer.get("aud"))) {
            return Optional.empty();
        }
        Instant now = clock.instant();
        if (answer.get("exp") instanceof Number exp
                && !now.isBefore(Instant.ofEpochSecond(exp.longValue()).plus(issuer.clockSkew()))) {
            return Optional.empty();
        }
        if (answer.get("nbf") instanceof Number nbf
                && now.isBefore(Instant.ofEpochSecond(nbf.longValue()).minus(issuer.clockSkew()))) {
            return Optional.empty();
        }
        return answer.get(issuer.claim()) instanceof String value && !value.isBlank()
                ? Optional.of(value) : Optional.empty();
    }

    private boolean audienceMatches(Object aud) {
        if (aud instanceof String one) {
            return issuer.audiences().contains(one);
        }
        return aud instanceof List<?> many && many.stream().anyMatch(issuer.audiences()::contains);
    }

    /** RFC 7662 §2.1: a form POST of the token, with the client's credentials (RFC 6749 §2.3.1). */
    private Map<String, Object> introspect(String token) throws IOException, InterruptedException, ParseException {
        String credentials = form(issuer.clientId().orElseThrow()) + ":" + form(issuer.clientSecret().orElseThrow());
        HttpRequest request = HttpRequest.newBuilder(issuer.introspectionEndpoint().get())
                .timeout(TIMEOUT)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Accept", "application/json")
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString(
                        credentials.getBytes(StandardCharsets.UTF_8)))
                .POST(HttpRequest.BodyPublishers.ofString("token=" + form(token)
                        + "&token_type_hint=access_token"))
                .build();
        HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
        if (response.statusCode() != 200) {
            throw new IOException("HTTP status " + response.statusCode());
        }
        if (response.body().length > MAX_ANSWER_BYTES) {
            throw new IOException("answer too large");
        }
        return JSONObjectUtils.parse(new String(response.body(), StandardCharsets.UTF_8));
    }

    private static String form(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
