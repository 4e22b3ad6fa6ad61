package org.tegami.http;

/**
 * {@code /.well-known/acme-challenge/<token>}: the key authorization of a pending HTTP-01 challenge
 * (RFC 8555 §8.3), as {@code application/octet-stream}; 404 for any other token. Served over plain HTTP,
 * where the validation starts (port 80), and over HTTPS, where a redirect may lead it.
 */
final class AcmeChallengeHandler implements EndpointHandler {

    static final String PATH = "/.well-known/acme-challenge";

    private final AcmeHttpChallenges challenges;

    AcmeChallengeHandler(AcmeHttpChallenges challenges) {
        this.challenges = challenges;
    }

    @Override
    public Response handle(Request request) {
        // The token is case-sensitive base64url (RFC 8555 §8.1), so it is taken from the path as sent.
        String token = request.path().substring(request.path().lastIndexOf('/') + 1);
        return challenges.keyAuthorization(token)
                .map(keyAuthorization -> Response.ok("application/octet-stream", keyAuthorization))
                .orElseGet(ErrorPages::notFound);
    }
}
