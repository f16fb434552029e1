package io.denywatch.ingest.notification;

import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;

import io.denywatch.common.cloudtrail.EventBridgeDetailTypes;
import io.denywatch.ingest.notification.BadNotificationException.Reason;
import io.denywatch.ingest.notification.Notification.NothingToDo;

/**
 * Reads an EventBridge event and tells its kinds apart by {@code detail-type}:
 * <ul>
 * <li>an S3 event ({@code "source":"aws.s3"}): {@code "Object Created"} names a log file,
 * {@code {"detail":{"bucket":{"name":...},"object":{"key":...}}}}; the other {@code Object ...} events ask for no
 * work;</li>
 * <li>a CloudTrail record (the fast path): {@code "AWS API Call via CloudTrail"} and its two siblings, from any
 * {@code aws.<service>} source, carry the record itself in {@code detail}; see {@link EventBridgeRecordReader};</li>
 * <li>anything else is refused, so a rule forwarding more than it should shows on the dead-letter topic instead of
 * vanishing.</li>
 * </ul>
 */
final class EventBridgeReader {

    private static final String S3_SOURCE = "aws.s3";
    private static final String OBJECT_CREATED = "Object Created";
    /** S3's EventBridge detail-types all start so: Object Deleted, Object Restore Completed, Object Tags Added... */
    private static final String S3_OBJECT_EVENT_PREFIX = "Object ";
    /** AWS refuses {@code PutEvents} with a source starting so: only AWS services publish them. */
    private static final String AWS_SOURCE_PREFIX = "aws.";

    /** The detail-types CloudTrail publishes its records under (EventBridge user guide, CloudTrail events). */
    static final Set<String> CLOUDTRAIL_DETAIL_TYPES = EventBridgeDetailTypes.CLOUDTRAIL;

    private EventBridgeReader() {
    }

    /** An event from an AWS service, or anything shaped like an EventBridge event. */
    static boolean matches(final JsonNode root) {
        final String source = JsonFields.optionalText(root, "source");
        return source != null && (source.startsWith(AWS_SOURCE_PREFIX) || root.has("detail-type"));
    }

    /**
     * @param root    the event, as a tree
     * @param json    the same event as text, where a CloudTrail record's exact bytes are taken from
     * @param records reads a CloudTrail record carried in {@code detail}
     */
    static Notification read(final JsonNode root, final String json, final EventBridgeRecordReader records)
            throws BadNotificationException {
        final String source = JsonFields.text(root, "", "source");
        final String detailType = JsonFields.text(root, "", "detail-type");
        if (CLOUDTRAIL_DETAIL_TYPES.contains(detailType)) {
            if (!source.startsWith(AWS_SOURCE_PREFIX)) {
                throw new BadNotificationException(Reason.UNKNOWN_SHAPE, "source",
                        "a CloudTrail detail-type from source " + Excerpt.of(source)
                                + ", which is not an AWS service (CloudTrail's sources are aws.<service>)");
            }
            return records.read(root, json);
        }
        if (S3_SOURCE.equals(source)) {
            if (OBJECT_CREATED.equals(detailType)) {
                return objectCreated(root);
            }
            if (detailType.startsWith(S3_OBJECT_EVENT_PREFIX)) {
                return new NothingToDo(NothingToDo.Reason.NOT_OBJECT_CREATED, Notification.EVENTBRIDGE);
            }
        }
        throw new BadNotificationException(Reason.UNKNOWN_SHAPE, "detail-type",
                "EventBridge event of detail-type " + Excerpt.of(detailType) + " from " + Excerpt.of(source)
                        + ": neither an S3 object event nor a CloudTrail record");
    }

    private static Notification objectCreated(final JsonNode root) throws BadNotificationException {
        final JsonNode detail = JsonFields.object(root, "", "detail");
        final String bucket = JsonFields.nonEmptyText(JsonFields.object(detail, "detail", "bucket"),
                "detail.bucket", "name");
        final String key = JsonFields.nonEmptyText(JsonFields.object(detail, "detail", "object"),
                "detail.object", "key");
        return new Notification.ObjectsNamed(List.of(new ObjectRef(bucket, objectKey(key))),
                Notification.EVENTBRIDGE);
    }

    /**
     * The S3 key an EventBridge {@code detail.object.key} stands for.
     *
     * <p>AWS does not document whether this key is URL-encoded; its EventBridge examples show keys verbatim, unlike
     * S3 event notifications, which are documented as form-URL-encoded. Both must work, so the key is decoded only
     * when it can only be encoder output:
     * <ul>
     * <li>it contains at least one {@code %XX} escape and every {@code %} starts one. S3's own guidance lists
     * {@code %} among characters to avoid in key names, while an encoder escapes every special character
     * ({@code :}, {@code =}, {@code &}, non-ASCII...), so such a key is far more likely encoded than literal;</li>
     * <li>it holds only printable ASCII without spaces, which is all an encoder emits; a literal space or a
     * non-ASCII character proves the key verbatim;</li>
     * <li>the escapes decode to valid UTF-8, as an encoder's always do.</li>
     * </ul>
     * Otherwise the key is taken as it is. The one ambiguity left is a key whose only special character is a space
     * or a plus ({@code a+b} verbatim vs {@code a b} encoded): it is taken verbatim, the documented form. The part
     * of a CloudTrail log key that AWS writes uses only {@code [A-Za-z0-9_./-]}, identical in both forms, so only an
     * unusual trail prefix can meet that case.
     */
    static String objectKey(final String key) {
        if (!FormUrlDecoder.isEncoderAlphabet(key) || !FormUrlDecoder.hasEscapes(key)) {
            return key;
        }
        try {
            return FormUrlDecoder.decode(key);
        } catch (FormUrlDecoder.MalformedEncodingException e) {
            return key;
        }
    }
}
