package io.denywatch.common.event;

/**
 * Header names on every raw CloudTrail record in Kafka.
 *
 * <p>The ingestor copies these top-level fields of each event into headers so that later stages can filter (for
 * example keep only events with an {@code errorCode}) without parsing the value. Header values are UTF-8 strings; a
 * header is absent when the event lacks the field or the field is not a string.
 */
public final class EventHeaders {

    public static final String EVENT_ID = "eventID";
    public static final String ERROR_CODE = "errorCode";
    public static final String EVENT_SOURCE = "eventSource";
    public static final String EVENT_NAME = "eventName";
    public static final String EVENT_TIME = "eventTime";
    public static final String RECIPIENT_ACCOUNT_ID = "recipientAccountId";
    /** Where the event was read from: {@code s3://bucket/key} or {@code file:/path}. */
    public static final String SOURCE = "source";

    private EventHeaders() {
    }
}
