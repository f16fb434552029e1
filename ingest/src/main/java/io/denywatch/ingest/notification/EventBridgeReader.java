package io.denywatch.ingest.notification;

import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

import io.denywatch.ingest.notification.Notification.NothingToDo;

/**
 * Reads an S3 event delivered through EventBridge: {@code {"source":"aws.s3","detail-type":"Object Created",
 * "detail":{"bucket":{"name":...},"object":{"key":...}}}}.
 */
final class EventBridgeReader {

    private static final String OBJECT_CREATED = "Object Created";

    private EventBridgeReader() {
    }

    static boolean matches(final JsonNode root) {
        return "aws.s3".equals(JsonFields.optionalText(root, "source"));
    }

    static Notification read(final JsonNode root) throws BadNotificationException {
        final String detailType = JsonFields.text(root, "", "detail-type");
        if (!OBJECT_CREATED.equals(detailType)) {
            return new NothingToDo(NothingToDo.Reason.NOT_OBJECT_CREATED, Notification.EVENTBRIDGE);
        }
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
