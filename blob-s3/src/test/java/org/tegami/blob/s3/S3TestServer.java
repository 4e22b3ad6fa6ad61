package org.tegami.blob.s3;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.nio2blob.FilesystemNio2BlobStore;

/**
 * A real S3 server for tests: S3Proxy on a free loopback port, with SigV4 authentication, keeping each
 * bucket as a directory of files under {@code directory}. Shared with the server's tests (test-jar).
 */
public final class S3TestServer implements AutoCloseable {
    public static final String ACCESS_KEY = "tegami-test";
    public static final String SECRET_KEY = "tegami-test-secret";

    private final Path directory;
    private final S3Proxy proxy;

    private S3TestServer(Path directory, S3Proxy proxy) {
        this.directory = directory;
        this.proxy = proxy;
    }

    /** Starts the server and returns once it accepts requests. */
    public static S3TestServer start(Path directory) throws Exception {
        Files.createDirectories(directory);
        S3Proxy proxy = S3Proxy.builder()
                .blobStore(new FilesystemNio2BlobStore(directory.toString()))
                .endpoint(URI.create("http://127.0.0.1:0"))
                .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, ACCESS_KEY, SECRET_KEY)
                .build();
        proxy.start();
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!"STARTED".equals(proxy.getState())) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("S3Proxy did not start: " + proxy.getState());
            }
            Thread.onSpinWait();
        }
        return new S3TestServer(directory, proxy);
    }

    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + proxy.getPort());
    }

    /** Creates an empty bucket and returns its name. */
    public String createBucket(String name) {
        try {
            Files.createDirectories(bucketDirectory(name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return name;
    }

    /** Where the server keeps a bucket's objects, so a test can see what really was stored. */
    public Path bucketDirectory(String bucket) {
        return directory.resolve(bucket);
    }

    public S3Location location(String bucket) {
        return new S3Location(endpoint(), bucket, "us-east-1", ACCESS_KEY, SECRET_KEY);
    }

    @Override
    public void close() throws Exception {
        proxy.stop();
    }
}
