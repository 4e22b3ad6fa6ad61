package org.tegami.blob.s3;

import java.net.URI;
import java.util.Objects;

/**
 * Where the blobs live: an S3-compatible endpoint (e.g. {@code https://s3.example.com}), a bucket the
 * server owns alone, the region to sign requests for, and the access key pair.
 */
public record S3Location(URI endpoint, String bucket, String region, String accessKey, String secretKey) {

    public S3Location {
        Objects.requireNonNull(endpoint, "endpoint");
        Objects.requireNonNull(bucket, "bucket");
        Objects.requireNonNull(region, "region");
        Objects.requireNonNull(accessKey, "accessKey");
        Objects.requireNonNull(secretKey, "secretKey");
        if (endpoint.getScheme() == null || endpoint.getHost() == null) {
            throw new IllegalArgumentException("the S3 endpoint must be an absolute http(s) URL");
        }
        if (bucket.isBlank()) {
            throw new IllegalArgumentException("the S3 bucket name is empty");
        }
    }

    /** Never prints the secret key, so a location can be logged. */
    @Override
    public String toString() {
        return "S3Location[endpoint=" + endpoint + ", bucket=" + bucket + ", region=" + region
                + ", accessKey=" + accessKey + ", secretKey=(hidden)]";
    }
}
