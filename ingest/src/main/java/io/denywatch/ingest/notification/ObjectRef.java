package io.denywatch.ingest.notification;

import java.util.Objects;

/**
 * An S3 object named by a notification or found by a listing.
 *
 * @param bucket the bucket name
 * @param key the object key exactly as S3 stores it: any notification encoding has already been removed
 */
public record ObjectRef(String bucket, String key) {

    public ObjectRef {
        Objects.requireNonNull(bucket, "bucket");
        Objects.requireNonNull(key, "key");
        if (bucket.isEmpty()) {
            throw new IllegalArgumentException("bucket is empty");
        }
        if (key.isEmpty()) {
            throw new IllegalArgumentException("key is empty");
        }
    }

    /** The object as an {@code s3://bucket/key} address, key unencoded. */
    @Override
    public String toString() {
        return "s3://" + bucket + "/" + key;
    }
}
