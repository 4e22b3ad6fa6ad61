package org.tegami.blob.s3;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tegami.store.BlobStore;
import org.tegami.store.ContentId;
import org.tegami.store.StoreError;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.MetadataDirective;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Message bytes as objects in an S3-compatible bucket, keyed by their SHA-256: {@code ab/abcd…}. The
 * two-character prefix spreads keys over 256 prefixes, which object stores partition and rate-limit
 * by. An object only becomes visible complete (S3 has no partial PUT), so a reader never sees a
 * partial blob, and the server acknowledges a PUT only once it has stored the object durably.
 *
 * <p>Addressing is path-style ({@code endpoint/bucket/key}): most S3-compatible servers (MinIO, Ceph
 * RGW, Garage, SeaweedFS) serve it without per-bucket DNS names. Every failure to reach or use the
 * server becomes {@code UNAVAILABLE} with a generic message; what went wrong is logged here, once.
 */
public final class S3BlobStore implements BlobStore, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(S3BlobStore.class);
    /** HTTP 404: no such key (a HEAD answer carries no error code to tell more). */
    private static final int NOT_FOUND = 404;
    /** HTTP 416: the range starts at or past the end of the object (RFC 9110 §15.5.17). */
    private static final int RANGE_NOT_SATISFIABLE = 416;

    private final S3Location location;
    private final S3Settings settings;
    private final S3Client client;

    public S3BlobStore(S3Location location) {
        this(location, S3Settings.defaults());
    }

    public S3BlobStore(S3Location location, S3Settings settings) {
        this.location = location;
        this.settings = settings;
        this.client = S3Client.builder()
                .endpointOverride(location.endpoint())
                .region(Region.of(location.region()))
                .credentialsProvider(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(location.accessKey(), location.secretKey())))
                .forcePathStyle(true)
                // Checksums are sent explicitly on PUT (below) as plain headers. Leaving the SDK to add
                // its own would switch uploads to aws-chunked encoding with trailing checksums, which
                // several S3-compatible servers do not accept.
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
                .httpClient(UrlConnectionHttpClient.builder()
                        .connectionTimeout(settings.connectTimeout())
                        .socketTimeout(settings.socketTimeout())
                        .build())
                .overrideConfiguration(override -> override
                        .apiCallAttemptTimeout(settings.attemptTimeout())
                        .apiCallTimeout(settings.callTimeout())
                        .retryStrategy(AwsRetryStrategy.standardRetryStrategy().toBuilder()
                                .maxAttempts(settings.maxAttempts())
                                .build()))
                .build();
    }

    /** The object key of a blob: its hex SHA-256 under a prefix of its first two characters. */
    static String key(ContentId id) {
        String hex = id.sha256();
        return hex.substring(0, 2) + "/" + hex;
    }

    /** The blob a listed key names, or empty for any other object in the bucket. */
    static Optional<ContentId> idOf(String key) {
        int slash = key.indexOf('/');
        if (slash != 2 || !ContentId.isSha256Hex(key.substring(slash + 1))) {
            return Optional.empty();
        }
        ContentId id = new ContentId(key.substring(slash + 1));
        return key.equals(key(id)) ? Optional.of(id) : Optional.empty();
    }

    /**
     * Checks that the bucket exists and the credentials may use it, so a server can refuse to start with
     * a clear message instead of failing at the first message. {@code UNAVAILABLE} otherwise.
     */
    public void verifyBucket() {
        call("check bucket", () -> client.headBucket(request -> request.bucket(location.bucket())));
    }

    /**
     * Stores the bytes unless an object with their address is already there (same key, same bytes), and
     * returns once the server has acknowledged the PUT. The server verifies Content-MD5 (RFC 1864) and the
     * SHA-256 checksum against the bytes it received and refuses the PUT if either differs, so a corrupted
     * upload is never acknowledged and never stored under the address of other bytes.
     *
     * <p>Bytes already stored are not sent again; if they were stored longer ago than {@code restampAge}
     * their LastModified is renewed first: the caller is about to commit metadata that refers to them,
     * and orphan cleanup, which takes only blobs older than any transaction in flight, must not see an
     * old, so far unreferenced blob and delete it in between.
     */
    @Override
    public ContentId put(byte[] content) {
        ContentId id = ContentId.of(content);
        String key = key(id);
        Optional<HeadObjectResponse> stored = head(key);
        if (stored.isPresent()) {
            Instant stamped = stored.get().lastModified();
            if (stamped == null || stamped.isBefore(Instant.now().minus(settings.restampAge()))) {
                restamp(key);
            }
            return id;
        }
        String sha256 = Base64.getEncoder().encodeToString(HexFormat.of().parseHex(id.sha256()));
        String md5 = Base64.getEncoder().encodeToString(md5(content));
        call("put", () -> client.putObject(request -> request
                .bucket(location.bucket())
                .key(key)
                .contentLength((long) content.length)
                .contentType("application/octet-stream")
                .contentMD5(md5)
                .checksumSHA256(sha256), RequestBody.fromBytes(content)));
        return id;
    }

    /**
     * Copies the object onto itself, which S3 allows only when the metadata is replaced (here by the same
     * content type); the copy gets a new LastModified and keeps its bytes, without them crossing the network.
     */
    private void restamp(String key) {
        call("restamp", () -> client.copyObject(request -> request
                .sourceBucket(location.bucket())
                .sourceKey(key)
                .destinationBucket(location.bucket())
                .destinationKey(key)
                .metadataDirective(MetadataDirective.REPLACE)
                .contentType("application/octet-stream")));
    }

    @Override
    public boolean exists(ContentId id) {
        return head(key(id)).isPresent();
    }

    @Override
    public byte[] read(ContentId id) {
        try {
            return client.getObjectAsBytes(request -> request.bucket(location.bucket()).key(key(id))).asByteArray();
        } catch (AwsServiceException e) {
            throw e.statusCode() == NOT_FOUND ? missing() : unavailable("get", e);
        } catch (SdkException e) {
            throw unavailable("get", e);
        }
    }

    /** A ranged GET (RFC 9110 §14.1.2): only the asked bytes cross the network. */
    @Override
    public byte[] read(ContentId id, long offset, int length) {
        if (offset < 0 || length < 0) {
            throw new IllegalArgumentException("negative offset or length");
        }
        if (length == 0) {
            size(id);
            return new byte[0];
        }
        String range = "bytes=" + offset + "-" + (offset + length - 1);
        ResponseBytes<GetObjectResponse> answer;
        try {
            answer = client.getObjectAsBytes(request -> request.bucket(location.bucket()).key(key(id)).range(range));
        } catch (AwsServiceException e) {
            if (e.statusCode() == RANGE_NOT_SATISFIABLE) {
                // The object exists and is no longer than offset: nothing to read there.
                return new byte[0];
            }
            throw e.statusCode() == NOT_FOUND ? missing() : unavailable("get range", e);
        } catch (SdkException e) {
            throw unavailable("get range", e);
        }
        byte[] bytes = answer.asByteArray();
        if (answer.response().contentRange() == null) {
            // A server may ignore Range and send the whole object with 200 (RFC 9110 §14.2).
            int from = (int) Math.min(offset, bytes.length);
            return Arrays.copyOfRange(bytes, from, (int) Math.min(bytes.length, offset + length));
        }
        return bytes;
    }

    @Override
    public long size(ContentId id) {
        return head(key(id)).orElseThrow(S3BlobStore::missing).contentLength();
    }

    @Override
    public void delete(ContentId id) {
        // S3 answers DELETE of an absent key with success, so absent blobs are ignored as promised.
        call("delete", () -> client.deleteObject(request -> request.bucket(location.bucket()).key(key(id))));
    }

    /**
     * Walks the whole bucket with ListObjectsV2, page after page ({@code listPageKeys} keys each),
     * and passes on every blob whose LastModified (the time the server completed its PUT) is before
     * {@code before}. Objects that are not blobs are skipped.
     */
    @Override
    public void forEachStoredBefore(Instant before, Consumer<ContentId> action) {
        ListObjectsV2Request first = ListObjectsV2Request.builder()
                .bucket(location.bucket())
                .maxKeys(settings.listPageKeys())
                .build();
        try {
            for (S3Object object : client.listObjectsV2Paginator(first).contents()) {
                if (object.lastModified() != null && object.lastModified().isBefore(before)) {
                    idOf(object.key()).ifPresent(action);
                }
            }
        } catch (SdkException e) {
            throw unavailable("list", e);
        }
    }

    @Override
    public void close() {
        client.close();
    }

    private Optional<HeadObjectResponse> head(String key) {
        try {
            return Optional.of(client.headObject(request -> request.bucket(location.bucket()).key(key)));
        } catch (AwsServiceException e) {
            if (e.statusCode() == NOT_FOUND) {
                return Optional.empty();
            }
            throw unavailable("head", e);
        } catch (SdkException e) {
            throw unavailable("head", e);
        }
    }

    private void call(String operation, Runnable request) {
        try {
            request.run();
        } catch (SdkException e) {
            throw unavailable(operation, e);
        }
    }

    private static StoreError missing() {
        return new StoreError(StoreError.Kind.NONEXISTENT, "no such message content");
    }

    /**
     * Logs what went wrong (never the secret key) and gives callers the generic error: the text of an
     * S3 or transport exception never reaches a client.
     */
    private StoreError unavailable(String operation, SdkException e) {
        if (e instanceof AwsServiceException service) {
            String code = service.awsErrorDetails() == null || service.awsErrorDetails().errorCode() == null
                    ? "" : " " + service.awsErrorDetails().errorCode();
            int status = service.statusCode();
            if (status == 401 || status == 403) {
                log.error("S3 {} refused for bucket {} at {}: HTTP {}{}; check the access key and secret key",
                        operation, location.bucket(), location.endpoint(), status, code);
            } else {
                log.warn("S3 {} failed for bucket {} at {}: HTTP {}{}",
                        operation, location.bucket(), location.endpoint(), status, code);
            }
        } else {
            log.warn("S3 {} failed for bucket {} at {}: {}", operation, location.bucket(), location.endpoint(),
                    e.getMessage());
        }
        return new StoreError(StoreError.Kind.UNAVAILABLE, "message storage is not available", e);
    }

    private static byte[] md5(byte[] content) {
        try {
            return MessageDigest.getInstance("MD5").digest(content);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has MD5", e);
        }
    }
}
