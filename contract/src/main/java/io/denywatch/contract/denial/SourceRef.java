package io.denywatch.contract.denial;

/**
 * The S3 object an event was read from.
 *
 * @param bucket the bucket name
 * @param key    the object key, decoded
 */
public record SourceRef(String bucket, String key) {
}
