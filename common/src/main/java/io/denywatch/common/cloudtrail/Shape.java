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
    SINGLE_EVENT,
    /**
     * What {@code aws cloudtrail lookup-events} prints: {@code {"Events":[{"EventId":...,"CloudTrailEvent":"..."}],
     * "NextToken":...}}, each event held as a JSON string in {@code CloudTrailEvent}. The event passed on is that
     * string decoded, so its bytes are the event as CloudTrail wrote it, not as the lookup escaped it.
     */
    LOOKUP_EVENTS,
    /**
     * EventBridge events of the detail-types CloudTrail publishes ({@link EventBridgeDetailTypes}): the event passed
     * on is the exact bytes of {@code detail}. One as the whole input, or in an array or one per line where
     * {@link #ARRAY} or {@link #NDJSON} is taken too. An EventBridge event of another detail-type is rejected on its
     * own, with {@link LogFileProblem#NOT_A_CLOUDTRAIL_EVENT}.
     */
    EVENTBRIDGE
}
