package io.denywatch.ingest.notification;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.regex.Pattern;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;

import io.denywatch.common.cloudtrail.CloudTrailRecord;
import io.denywatch.ingest.notification.BadNotificationException.Reason;

/**
 * Reads the CloudTrail record an EventBridge event carries in {@code detail} (the fast path), for the raw topic's
 * contract: the record's own bytes, exactly as they stand in the message, and the top-level fields its headers carry.
 *
 * <p>The bytes are cut out of the message by the parser's byte offsets, never re-serialised: whatever EventBridge
 * wrote is what the analyzer reads, as it is for a record cut out of a log file. The record must have an
 * {@code eventID} (the raw topic's key, and what the analyzer deduplicates by when the same event arrives later in
 * the log file) and fit the per-record limit. Thread-safe.
 */
final class EventBridgeRecordReader {

    /** Where a record came by EventBridge, in the {@code source} header: {@code eventbridge:<region>/<id>}. */
    static final String ORIGIN_SCHEME = "eventbridge:";

    /** AWS region names; generous, but nothing that could break a header or a log line. */
    private static final Pattern REGION = Pattern.compile("[a-z0-9-]{1,64}");
    /** EventBridge ids are UUIDs; anything printable and short is accepted, nothing that could forge a log line. */
    private static final Pattern EVENT_ID = Pattern.compile("[\\x21-\\x7e]{1,128}");

    private final JsonFactory factory;
    private final int maxRecordBytes;

    /**
     * @param factory        the factory of the parser that read the tree, so the same limits apply
     * @param maxRecordBytes the largest record passed on, as for a record of a log file
     */
    EventBridgeRecordReader(final JsonFactory factory, final int maxRecordBytes) {
        if (maxRecordBytes < 1) {
            throw new IllegalArgumentException("maxRecordBytes must be positive: " + maxRecordBytes);
        }
        this.factory = factory;
        this.maxRecordBytes = maxRecordBytes;
    }

    /**
     * @param root the EventBridge event, as a tree
     * @param json the same event as text
     */
    Notification read(final JsonNode root, final String json) throws BadNotificationException {
        final JsonNode detail = JsonFields.object(root, "", "detail");
        final String eventId = JsonFields.nonEmptyText(detail, "detail", "eventID");
        final String region = checked(JsonFields.nonEmptyText(root, "", "region"), "region", REGION);
        final String id = checked(JsonFields.nonEmptyText(root, "", "id"), "id", EVENT_ID);
        final byte[] bytes = detailBytes(json.getBytes(StandardCharsets.UTF_8));
        final CloudTrailRecord record = new CloudTrailRecord(0, bytes, eventId, optional(detail, "errorCode"),
                optional(detail, "eventSource"), optional(detail, "eventName"), optional(detail, "eventTime"),
                optional(detail, "recipientAccountId"));
        return new Notification.EventCarried(record, ORIGIN_SCHEME + region + "/" + id,
                Notification.CLOUDTRAIL_EVENTBRIDGE);
    }

    /**
     * The bytes of the top-level {@code detail} object. The tree was read from the same text without error, so the
     * text is one valid JSON object with a single {@code detail} field holding an object.
     */
    private byte[] detailBytes(final byte[] body) throws BadNotificationException {
        try (JsonParser parser = factory.createParser(body)) {
            parser.nextToken();
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                final String name = parser.currentName();
                final JsonToken value = parser.nextToken();
                if ("detail".equals(name) && value == JsonToken.START_OBJECT) {
                    final long start = parser.currentTokenLocation().getByteOffset();
                    parser.skipChildren();
                    final long end = parser.currentLocation().getByteOffset();
                    if (end - start > maxRecordBytes) {
                        throw new BadNotificationException(Reason.TOO_LARGE, "detail",
                                "the CloudTrail record is " + (end - start) + " bytes, over the limit of "
                                        + maxRecordBytes + " for one event");
                    }
                    return Arrays.copyOfRange(body, (int) start, (int) end);
                }
                parser.skipChildren();
            }
        } catch (IOException e) {
            // The same text was just read as a tree without error: failing now would be a bug, not a bad message.
            throw new IllegalStateException("re-reading a message already parsed failed", e);
        }
        throw new IllegalStateException("detail was found in the tree but not in the text");
    }

    private static String checked(final String value, final String field, final Pattern form)
            throws BadNotificationException {
        if (!form.matcher(value).matches()) {
            throw new BadNotificationException(Reason.BAD_VALUE, field,
                    field + " " + Excerpt.of(value) + " is not of the form EventBridge writes");
        }
        return value;
    }

    /** A top-level field of the record when it is a string, as the log file splitter reads it; otherwise null. */
    private static String optional(final JsonNode detail, final String name) {
        return JsonFields.optionalText(detail, name);
    }
}
