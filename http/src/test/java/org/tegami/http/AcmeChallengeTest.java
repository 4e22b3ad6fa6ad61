package org.tegami.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** RFC 8555 §8.3: the key authorization of a pending HTTP-01 challenge, over plain HTTP and HTTPS. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AcmeChallengeTest {

    private static final String TOKEN = "evaGxfADs6pSRb2LAv9IZf17Dt3juxGJ-PCt92wr-oA";
    private static final String KEY_AUTHORIZATION = TOKEN + ".9jg46WB3rR_AHD-EBXdN7cBkH1WOu0tA3M9fm21mqTI";

    private final TestHttpServer server = new TestHttpServer();

    @AfterAll
    void stop() {
        server.close();
    }

    @Test
    void answersAPendingTokenOverBothListenersUntilWithdrawn() {
        server.challenges().answer(TOKEN, KEY_AUTHORIZATION);
        String path = "/.well-known/acme-challenge/" + TOKEN;
        for (var uri : java.util.List.of(server.httpUri(path), server.httpsUri(path))) {
            HttpResponse<String> response = server.get(uri);
            assertEquals(200, response.statusCode(), uri.toString());
            assertEquals(KEY_AUTHORIZATION, response.body());
            assertEquals("application/octet-stream", response.headers().firstValue("Content-Type").orElseThrow());
        }
        server.challenges().withdraw(TOKEN);
        assertEquals(404, server.get(server.httpUri(path)).statusCode());
    }

    @Test
    void tokensAreCaseSensitiveAndUnknownOnesAre404() {
        server.challenges().answer(TOKEN, KEY_AUTHORIZATION);
        try {
            assertEquals(404, server.get(server.httpUri("/.well-known/acme-challenge/" + TOKEN.toLowerCase()))
                    .statusCode());
            assertEquals(404, server.get(server.httpUri("/.well-known/acme-challenge/other")).statusCode());
        } finally {
            server.challenges().withdraw(TOKEN);
        }
    }
}
