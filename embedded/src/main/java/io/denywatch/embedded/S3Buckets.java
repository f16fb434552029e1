package io.denywatch.embedded;

import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketAlreadyOwnedByYouException;

/** Bucket creation that tolerates a bucket this stack already made, so tests and the demo can share names. */
final class S3Buckets {

    private S3Buckets() {
    }

    static void create(S3Client s3, String name) {
        try {
            s3.createBucket(request -> request.bucket(name));
        } catch (BucketAlreadyOwnedByYouException alreadyOurs) {
            // The goal is that the bucket exists; S3Proxy answers 409 where us-east-1 S3 would answer 200.
        }
    }
}
