package org.tegami.auth.oauth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;

/**
 * An OpenID Connect provider for tests, on a loopback port: keys made here (RSA and EC), the discovery
 * document and the JWK set served over HTTP, tokens minted with Nimbus, and an RFC 7662 introspection
 * endpoint for opaque tokens. It counts the requests for the key set, and the key set can be made to fail.
 */
public final class TestIdentityProvider implements AutoCloseable {

    public static final String AUDIENCE = "tegami-mail";
    public static final String CLIENT_ID = "tegami";
    public static final String CLIENT_SECRET = "introspection secret";

    private final HttpServer http;
    private final String issuer;
    private final RSAKey rsa;
    private final ECKey ec;
    /** Signs tokens whose key id the served key set does not hold. */
    private final RSAKey unpublished;
    private final AtomicInteger keySetRequests = new AtomicInteger();
    private final AtomicInteger discoveryRequests = new AtomicInteger();
    private final AtomicInteger introspectionRequests = new AtomicInteger();
    private final Map<String, String> activeOpaqueTokens = new ConcurrentHashMap<>();
    private volatile boolean keySetDown;

    public TestIdentityProvider() {
        try {
            rsa = new RSAKeyGenerator(2048).keyID("rsa-1").generate();
            ec = new ECKeyGenerator(Curve.P_256).keyID("ec-1").generate();
            unpublished = new RSAKeyGenerator(2048).keyID("rsa-unpublished").generate();
            http = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (JOSEException | IOException e) {
            throw new IllegalStateException(e);
        }
        issuer = "http://127.0.0.1:" + http.getAddress().getPort() + "/realms/test";
        http.createContext("/realms/test/.well-known/openid-configuration", exchange -> {
            discoveryRequests.incrementAndGet();
            send(exchange, 200, "{\"issuer\":\"" + issuer + "\",\"jwks_uri\":\"" + issuer + "/keys\","
                    + "\"introspection_endpoint\":\"" + issuer + "/introspect\"}");
        });
        http.createContext("/realms/test/keys", exchange -> {
            keySetRequests.incrementAndGet();
            if (keySetDown) {
                send(exchange, 503, "{}");
            } else {
                send(exchange, 200, new JWKSet(java.util.List.of(rsa.toPublicJWK(), ec.toPublicJWK()))
                        .toString());
            }
        });
        http.createContext("/realms/test/introspect", this::introspect);
        http.start();
    }

    public String issuerId() {
        return issuer;
    }

    /** JWT validation against this provider, with the defaults. */
    public OAuthIssuer jwtIssuer() {
        return OAuthIssuer.jwt(URI.create(issuer), Set.of(AUDIENCE));
    }

    /** Introspection at this provider. */
    public OAuthIssuer introspectionIssuer() {
        return new OAuthIssuer(URI.create(issuer), Set.of(AUDIENCE),
                OAuthIssuer.algorithms(OAuthIssuer.DEFAULT_ALGORITHMS), OAuthIssuer.DEFAULT_CLAIM,
                OAuthIssuer.DEFAULT_SCOPE, java.util.Optional.of(URI.create(issuer + "/introspect")),
                java.util.Optional.of(CLIENT_ID), java.util.Optional.of(CLIENT_SECRET), Duration.ofSeconds(60));
    }

    /** Claims of a valid token for {@code email}: this issuer, the audience, valid for five minutes from now. */
    public JWTClaimsSet.Builder claims(String email) {
        Instant now = Instant.now();
        return new JWTClaimsSet.Builder().issuer(issuer).audience(AUDIENCE).subject("user-1").claim("email", email)
                .issueTime(Date.from(now)).notBeforeTime(Date.from(now)).expirationTime(Date.from(now.plusSeconds(300)));
    }

    public String rs256(String email) {
        return rs256(email, UnaryOperator.identity());
    }

    public String rs256(String email, UnaryOperator<JWTClaimsSet.Builder> change) {
        return sign(rsa, JWSAlgorithm.RS256, change.apply(claims(email)).build());
    }

    public String es256(String email) {
        JWSHeader header = new JWSHeader.Builder(JWSAlgorithm.ES256).keyID(ec.getKeyID()).build();
        try {
            SignedJWT jwt = new SignedJWT(header, claims(email).build());
            jwt.sign(new ECDSASigner(ec));
            return jwt.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Signed with a key the provider never published. */
    public String unknownKid(String email) {
        return sign(unpublished, JWSAlgorithm.RS256, claims(email).build());
    }

    /** RFC 7519 §6: an unsecured JWT, {@code alg: none}. */
    public String unsecured(String email) {
        return new PlainJWT(claims(email).build()).serialize();
    }

    /** The classic key-confusion attack: HS256 with the RSA public key's bytes as the HMAC secret. */
    public String hs256WithPublicKey(String email) {
        JWSHeader header = new JWSHeader.Builder(JWSAlgorithm.HS256).keyID(rsa.getKeyID()).build();
        try {
            SignedJWT jwt = new SignedJWT(header, claims(email).build());
            jwt.sign(new MACSigner(rsa.toRSAPublicKey().getEncoded()));
            return jwt.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A valid token whose payload is then changed to name {@code other}, keeping the original signature. */
    public String tampered(String email, String other) {
        String[] parts = rs256(email).split("\\.");
        String payload = Base64URL.encode(claims(other).build().toString()).toString();
        return parts[0] + "." + payload + "." + parts[2];
    }

    /** An opaque token the introspection endpoint reports active for {@code email}. */
    public String opaque(String email) {
        String token = "opaque-" + Base64.getUrlEncoder().withoutPadding().encodeToString(
                email.getBytes(StandardCharsets.UTF_8)) + "-" + activeOpaqueTokens.size();
        activeOpaqueTokens.put(token, email);
        return token;
    }

    public void keySetDown(boolean down) {
        keySetDown = down;
    }

    public int keySetRequests() {
        return keySetRequests.get();
    }

    public int discoveryRequests() {
        return discoveryRequests.get();
    }

    public int introspectionRequests() {
        return introspectionRequests.get();
    }

    private String sign(RSAKey key, JWSAlgorithm algorithm, JWTClaimsSet claims) {
        JWSHeader header = new JWSHeader.Builder(algorithm).keyID(key.getKeyID()).build();
        try {
            SignedJWT jwt = new SignedJWT(header, claims);
            jwt.sign(new RSASSASigner(key));
            return jwt.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    /** RFC 7662 §2: client authentication required; unknown tokens are simply inactive. */
    private void introspect(HttpExchange exchange) throws IOException {
        introspectionRequests.incrementAndGet();
        String expected = "Basic " + Base64.getEncoder().encodeToString(
                (CLIENT_ID + ":" + CLIENT_SECRET.replace(" ", "+")).getBytes(StandardCharsets.UTF_8));
        if (!"POST".equals(exchange.getRequestMethod())
                || !expected.equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
            send(exchange, 401, "{\"error\":\"invalid_client\"}");
            return;
        }
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        String token = null;
        for (String pair : body.split("&")) {
            if (pair.startsWith("token=")) {
                token = java.net.URLDecoder.decode(pair.substring(6), StandardCharsets.UTF_8);
            }
        }
        String email = token == null ? null : activeOpaqueTokens.get(token);
        long exp = Instant.now().plusSeconds(300).getEpochSecond();
        send(exchange, 200, email == null ? "{\"active\":false}"
                : "{\"active\":true,\"iss\":\"" + issuer + "\",\"aud\":\"" + AUDIENCE + "\",\"exp\":" + exp
                        + ",\"email\":\"" + email + "\"}");
    }

    private static void send(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }

    @Override
    public void close() {
        http.stop(0);
    }
}
