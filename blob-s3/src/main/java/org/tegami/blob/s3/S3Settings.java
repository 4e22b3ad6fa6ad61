package org.tegami.blob.s3;

import java.time.Duration;
import java.util.Objects;

/**
 * How the blob store talks to the S3 server. Every wait is bounded so that a stalled object store
 * turns into {@code UNAVAILABLE} for the caller instead of a hung IMAP or SMTP session.
 *
 * @param connectTimeout   how long to wait for a TCP (and TLS) connection to the endpoint
 * @param socketTimeout    how long one read or write on an open connection may stall
 * @param attemptTimeout   how long one HTTP attempt may take in all (a 64 MiB upload included)
 * @param callTimeout      how long one operation may take across all its attempts
 * @param maxAttempts      attempts per operation, the first included; throttling (503 SlowDown),
 *                         5xx answers and transport errors are retried with backoff, 4xx are not
 * @param listPageKeys     keys per ListObjectsV2 page (S3 answers at most 1000)
 * @param restampAge       a put of bytes already stored longer ago than this re-stamps the object's
 *                         LastModified, so orphan cleanup, which judges blobs by that age, does not take
 *                         a blob a new message is about to refer to; keep it well below the age orphan
 *                         cleanup waits for
 */
public record S3Settings(Duration connectTimeout, Duration socketTimeout, Duration attemptTimeout,
        Duration callTimeout, int maxAttempts, int listPageKeys, Duration restampAge) {

    /** ListObjectsV2 returns at most this many keys per page, whatever max-keys asks for. */
    public static final int MAX_LIST_PAGE_KEYS = 1000;

    public S3Settings {
        positive(connectTimeout, "connectTimeout");
        positive(socketTimeout, "socketTimeout");
        positive(attemptTimeout, "attemptTimeout");
        positive(callTimeout, "callTimeout");
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be at least 1");
        }
        if (listPageKeys < 1 || listPageKeys > MAX_LIST_PAGE_KEYS) {
            throw new IllegalArgumentException("listPageKeys must be between 1 and " + MAX_LIST_PAGE_KEYS);
        }
        positive(restampAge, "restampAge");
    }

    /**
     * Connect 5 s, stall 30 s, one attempt 2 min, one call 5 min, 3 attempts, 1000 keys per page,
     * re-stamp after 10 min.
     */
    public static S3Settings defaults() {
        return new S3Settings(Duration.ofSeconds(5), Duration.ofSeconds(30), Duration.ofMinutes(2),
                Duration.ofMinutes(5), 3, MAX_LIST_PAGE_KEYS, Duration.ofMinutes(10));
    }

    public S3Settings withMaxAttempts(int attempts) {
        return new S3Settings(connectTimeout, socketTimeout, attemptTimeout, callTimeout, attempts, listPageKeys,
                restampAge);
    }

    public S3Settings withListPageKeys(int keys) {
        return new S3Settings(connectTimeout, socketTimeout, attemptTimeout, callTimeout, maxAttempts, keys,
                restampAge);
    }

    public S3Settings withTimeouts(Duration connect, Duration socket, Duration attempt, Duration call) {
        return new S3Settings(connect, socket, attempt, call, maxAttempts, listPageKeys, restampAge);
    }

    public S3Settings withRestampAge(Duration age) {
        return new S3Settings(connectTimeout, socketTimeout, attemptTimeout, callTimeout, maxAttempts, listPageKeys,
                age);
    }

    private static void positive(Duration duration, String name) {
        Objects.requireNonNull(duration, name);
        if (duration.isNegative() || duration.isZero()) {
            throw new IllegalArgumentException(name + " must be positive");
        }
    }
}
