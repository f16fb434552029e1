package io.denywatch.common.cloudtrail;

/**
 * A way CloudTrail events can be laid out in a file or stream. Each caller of {@link CloudTrailReader} names the set
 * it takes; input of any other shape is refused with a {@link LogFileException} that says what was found instead.
 */
public enum Shape {
    /** A delivery file as CloudTrail writes it to S3: {@code {"Records":[{...},{...}]}}. */
    DELIVERY_FILE,
    /** A JSON array of events: {@code [{...},{...}]}. */
    ARRAY,
    /**
     * Top-level values one after another, usually one event per line (newline-delimited JSON, as {@code jq -c}
     * writes it). Each value may itself be any other accepted shape, so concatenated files read in turn; no values at
     * all is an empty stream.
     */
    NDJSON,
    /** One event object as the whole input. */
    SINGLE_EVENT
}
