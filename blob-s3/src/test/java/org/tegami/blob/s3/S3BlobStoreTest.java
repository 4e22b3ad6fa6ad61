package org.tegami.blob.s3;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;
import org.tegami.store.BlobStore;
import org.tegami.store.ContentId;
import org.tegami.store.StoreError;
import org.tegami.store.contract.BlobStoreContract;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * The S3 blob store against a real S3 server: S3Proxy on a loopback port, storing objects in files
 * under a temporary directory, with SigV4 authentication like any S3 service. Each test gets its own
 * empty bucket.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class S3BlobStoreTest implements BlobStoreContract {
    private static final String ACCESS_KEY = S3TestServer.ACCESS_KEY;
    private static final String SECRET_KEY = S3TestServer.SECRET_KEY;
    /** Short timeouts and few retries, so the failure tests answer within seconds. */
    private static final S3Settings QUICK = S3Settings.defaults()
            .withTimeouts(Duration.ofSeconds(2), Duration.ofSeconds(10), Duration.ofSeconds(30), Duration.ofSeconds(60))
            .withMaxAttempts(2);

    private Path objects;

    private S3TestServer server;
    private URI endpoint;
    private int buckets;
    private S3BlobStore store;
    private final List<S3BlobStore> opened = new ArrayList<>();

    @BeforeAll
    void startServer(@TempDir Path directory) throws Exception {
        objects = directory;
        server = S3TestServer.start(objects.resolve("s3"));
        endpoint = server.endpoint();
    }

    @AfterAll
    void stopServer() throws Exception {
        server.close();
    }

    @BeforeEach
    void newBucket() throws IOException {
        String bucket = "blobs-" + ++buckets;
        Files.createDirectories(objects.resolve("s3").resolve(bucket));
        store = open(new S3Location(endpoint, bucket, "us-east-1", ACCESS_KEY, SECRET_KEY), QUICK);
    }

    @AfterEach
    void closeStores() {
        opened.forEach(S3BlobStore::close);
        opened.clear();
    }

    @Override
    public BlobStore blobStore() {
        return store;
    }

    private S3BlobStore open(S3Location location, S3Settings settings) {
        S3BlobStore opening = new S3BlobStore(location, settings);
        opened.add(opening);
        return opening;
    }

    @Test
    void blobsAreStoredUnderTheirHexSha256WithATwoCharacterPrefix() throws IOException {
        byte[] content = "Subject: key\r\n\r\n".getBytes(StandardCharsets.UTF_8);
        ContentId id = store.put(content);
        assertEquals(id.sha256().substring(0, 2) + "/" + id.sha256(), S3BlobStore.key(id));
        assertEquals(id, S3BlobStore.idOf(S3BlobStore.key(id)).orElseThrow());
        assertTrue(S3BlobStore.idOf("other/" + id.sha256()).isEmpty(), "a key under another prefix is no blob");
        assertTrue(S3BlobStore.idOf(id.sha256()).isEmpty(), "a key without the prefix is no blob");
        assertTrue(S3BlobStore.idOf("zz/" + id.sha256()).isEmpty(), "a prefix that does not match the name");
    }

    @Test
    void listingFollowsEveryPageOfListObjectsV2() {
        S3BlobStore paged = open(new S3Location(endpoint, "blobs-" + buckets, "us-east-1", ACCESS_KEY, SECRET_KEY),
                QUICK.withListPageKeys(3));
        Set<ContentId> stored = new HashSet<>();
        for (int i = 0; i < 10; i++) {
            stored.add(paged.put(("blob " + i).getBytes(StandardCharsets.UTF_8)));
        }
        Set<ContentId> listed = new HashSet<>();
        List<ContentId> calls = new ArrayList<>();
        paged.forEachStoredBefore(Instant.now().plus(Duration.ofMinutes(5)), id -> {
            calls.add(id);
            listed.add(id);
        });
        assertEquals(stored, listed, "10 blobs over pages of 3 keys");
        assertEquals(10, calls.size(), "each blob once");
    }

    @Test
    void otherObjectsInTheBucketAreNotListedAsBlobs() throws IOException {
        ContentId blob = store.put("a blob".getBytes(StandardCharsets.UTF_8));
        Files.writeString(objects.resolve("s3").resolve("blobs-" + buckets).resolve("README"), "not a blob");
        Set<ContentId> listed = new HashSet<>();
        store.forEachStoredBefore(Instant.now().plus(Duration.ofMinutes(5)), listed::add);
        assertEquals(Set.of(blob), listed);
    }

    @Test
    void aTwentyMegabyteBlobIsStoredAndReadWholeAndInRanges() {
        byte[] content = new byte[20 * 1024 * 1024];
        new Random(20).nextBytes(content);
        ContentId id = store.put(content);
        assertEquals(ContentId.of(content), id);
        assertEquals(content.length, store.size(id));
        assertArrayEquals(content, store.read(id));
        assertArrayEquals(Arrays.copyOfRange(content, 12_345_678, 12_345_678 + 65_536),
                store.read(id, 12_345_678, 65_536));
        assertArrayEquals(Arrays.copyOfRange(content, content.length - 5, content.length),
                store.read(id, content.length - 5, 1000));
    }

    /**
     * A blob left behind long ago (say by a message expunged since) and put again for a new message must
     * not look old to orphan cleanup while the new message's metadata is being committed.
     */
    @Test
    void puttingOldBytesAgainMakesThemRecentForOrphanCleanup() throws IOException {
        byte[] content = "stored two hours ago".getBytes(StandardCharsets.UTF_8);
        ContentId id = store.put(content);
        // S3Proxy's filesystem back end reports a file's modification time as the object's LastModified.
        Path file = objects.resolve("s3").resolve("blobs-" + buckets).resolve(S3BlobStore.key(id));
        Files.setLastModifiedTime(file, java.nio.file.attribute.FileTime.from(Instant.now().minus(Duration.ofHours(2))));
        Set<ContentId> old = new HashSet<>();
        store.forEachStoredBefore(Instant.now().minus(Duration.ofHours(1)), old::add);
        assertEquals(Set.of(id), old, "the blob looks two hours old");

        assertEquals(id, store.put(content.clone()));
        Set<ContentId> afterPut = new HashSet<>();
        store.forEachStoredBefore(Instant.now().minus(Duration.ofHours(1)), afterPut::add);
        assertEquals(Set.of(), afterPut, "put again, it is recent");
        assertArrayEquals(content, store.read(id));
    }

    @Test
    void puttingRecentBytesAgainSendsNothing() throws IOException {
        byte[] content = "stored just now".getBytes(StandardCharsets.UTF_8);
        ContentId id = store.put(content);
        Path file = objects.resolve("s3").resolve("blobs-" + buckets).resolve(S3BlobStore.key(id));
        java.nio.file.attribute.FileTime written = Files.getLastModifiedTime(file);
        store.put(content);
        assertEquals(written, Files.getLastModifiedTime(file), "younger than restampAge: left as it is");
    }

    @Test
    void aZeroLengthRangeOfAMissingBlobIsNonexistent() {
        ContentId missing = ContentId.of("absent".getBytes(StandardCharsets.UTF_8));
        assertEquals(StoreError.Kind.NONEXISTENT,
                assertThrows(StoreError.class, () -> store.read(missing, 0, 0)).kind());
        ContentId present = store.put("present".getBytes(StandardCharsets.UTF_8));
        assertEquals(0, store.read(present, 3, 0).length);
    }

    @Test
    void aStoppedServerMakesEveryOperationUnavailable() throws Exception {
        Path directory = objects.resolve("stopping");
        S3TestServer stopping = S3TestServer.start(directory);
        S3BlobStore blobs = open(stopping.location(stopping.createBucket("bucket")), QUICK);
        ContentId id = blobs.put("before the outage".getBytes(StandardCharsets.UTF_8));
        assertArrayEquals("before the outage".getBytes(StandardCharsets.UTF_8), blobs.read(id));
        stopping.close();

        assertUnavailable(() -> blobs.put("during the outage".getBytes(StandardCharsets.UTF_8)));
        assertUnavailable(() -> blobs.read(id));
        assertUnavailable(() -> blobs.read(id, 0, 5));
        assertUnavailable(() -> blobs.exists(id));
        assertUnavailable(() -> blobs.size(id));
        assertUnavailable(() -> blobs.delete(id));
        assertUnavailable(() -> blobs.forEachStoredBefore(Instant.now(), ignored -> { }));
        assertUnavailable(blobs::verifyBucket);
    }

    @Test
    void nothingListeningIsUnavailableWithoutLeakingTheTransportError() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        S3BlobStore blobs = open(new S3Location(URI.create("http://127.0.0.1:" + closedPort), "bucket", "us-east-1",
                ACCESS_KEY, SECRET_KEY), QUICK);
        StoreError error = assertUnavailable(() -> blobs.put(new byte[] {1, 2, 3}));
        assertEquals("message storage is not available", error.getMessage());
    }

    @Test
    void wrongCredentialsAreUnavailableAndLoggedClearly() {
        Logger logger = (Logger) LoggerFactory.getLogger(S3BlobStore.class);
        ListAppender<ILoggingEvent> appender = new ListAppender<>();
        appender.start();
        logger.addAppender(appender);
        try {
            S3BlobStore blobs = open(new S3Location(endpoint, "blobs-" + buckets, "us-east-1", ACCESS_KEY,
                    "not-the-secret"), QUICK);
            StoreError error = assertUnavailable(() -> blobs.put("refused".getBytes(StandardCharsets.UTF_8)));
            assertEquals("message storage is not available", error.getMessage(), "no S3 error text for clients");
            assertUnavailable(blobs::verifyBucket);
            ILoggingEvent line = appender.list.stream().filter(event -> event.getLevel() == Level.ERROR)
                    .findFirst().orElseThrow(() -> new AssertionError("no error logged: " + appender.list));
            String text = line.getFormattedMessage();
            assertTrue(text.contains("HTTP 403") && text.contains("check the access key and secret key")
                    && text.contains("blobs-" + buckets), text);
            assertFalse(appender.list.stream().anyMatch(event -> event.getFormattedMessage().contains("not-the-secret")),
                    "the secret key is never logged");
        } finally {
            logger.detachAppender(appender);
        }
    }

    @Test
    void aMissingBucketIsUnavailable() {
        S3BlobStore blobs = open(new S3Location(endpoint, "no-such-bucket", "us-east-1", ACCESS_KEY, SECRET_KEY),
                QUICK);
        assertUnavailable(() -> blobs.put("nowhere".getBytes(StandardCharsets.UTF_8)));
        assertUnavailable(blobs::verifyBucket);
        store.verifyBucket();
    }

    @Test
    void theListPageSizeIsBoundedByWhatS3Answers() {
        assertEquals(1000, S3Settings.defaults().withListPageKeys(1000).listPageKeys());
        assertThrows(IllegalArgumentException.class, () -> S3Settings.defaults().withListPageKeys(1001));
        assertEquals(1, S3Settings.defaults().withListPageKeys(1).listPageKeys());
        assertThrows(IllegalArgumentException.class, () -> S3Settings.defaults().withListPageKeys(0));
        assertEquals(1, S3Settings.defaults().withMaxAttempts(1).maxAttempts());
        assertThrows(IllegalArgumentException.class, () -> S3Settings.defaults().withMaxAttempts(0));
        assertThrows(IllegalArgumentException.class, () -> S3Settings.defaults()
                .withTimeouts(Duration.ZERO, Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ofSeconds(1)));
        assertThrows(IllegalArgumentException.class, () -> S3Settings.defaults().withRestampAge(Duration.ZERO));
    }

    /** What put relies on: the server refuses bytes that do not match the checksums sent with them. */
    @Test
    void theServerRefusesAPutWhoseChecksumsDoNotMatchTheBytes() {
        byte[] content = "sent".getBytes(StandardCharsets.UTF_8);
        byte[] other = "other".getBytes(StandardCharsets.UTF_8);
        String key = S3BlobStore.key(ContentId.of(content));
        try (S3Client client = S3Client.builder()
                .endpointOverride(endpoint).region(Region.US_EAST_1).forcePathStyle(true)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY, SECRET_KEY)))
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .httpClient(UrlConnectionHttpClient.create())
                .build()) {
            String bucket = "blobs-" + buckets;
            String otherMd5 = Base64.getEncoder().encodeToString(md5(other));
            assertEquals(400, assertThrows(S3Exception.class, () -> client.putObject(request -> request.bucket(bucket)
                    .key(key).contentMD5(otherMd5), RequestBody.fromBytes(content))).statusCode());
            String otherSha256 = Base64.getEncoder().encodeToString(HexFormat.of().parseHex(ContentId.of(other).sha256()));
            assertEquals(400, assertThrows(S3Exception.class, () -> client.putObject(request -> request.bucket(bucket)
                    .key(key).checksumSHA256(otherSha256), RequestBody.fromBytes(content))).statusCode());
        }
        assertFalse(store.exists(ContentId.of(content)), "nothing was stored");
    }

    private static byte[] md5(byte[] content) {
        try {
            return java.security.MessageDigest.getInstance("MD5").digest(content);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void theSecretKeyIsNotPrinted() {
        S3Location location = new S3Location(endpoint, "bucket", "us-east-1", ACCESS_KEY, SECRET_KEY);
        assertFalse(location.toString().contains(SECRET_KEY), location.toString());
    }

    private static StoreError assertUnavailable(org.junit.jupiter.api.function.Executable operation) {
        StoreError error = assertThrows(StoreError.class, operation);
        assertEquals(StoreError.Kind.UNAVAILABLE, error.kind(), error.getMessage());
        return error;
    }
}
