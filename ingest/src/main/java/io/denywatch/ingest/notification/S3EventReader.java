package io.denywatch.ingest.notification;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;

import io.denywatch.ingest.notification.BadNotificationException.Reason;
import io.denywatch.ingest.notification.Notification.NothingToDo;

/**
 * Reads an S3 event notification, {@code {"Records":[{"eventSource":"aws:s3","eventName":"ObjectCreated:Put",
 * "s3":{"bucket":{"name":...},"object":{"key":...}}}]}}, keeping only the created objects.
 */
final class S3EventReader {

    private static final String RECORDS = "Records[]";
    private static final String CREATED_PREFIX = "ObjectCreated:";

    private S3EventReader() {
    }

    static Notification read(final JsonNode root) throws BadNotificationException {
        final JsonNode records = JsonFields.array(root, "", "Records");
        if (records.isEmpty()) {
            return new NothingToDo(NothingToDo.Reason.NO_OBJECTS, Notification.S3_EVENT);
        }
        final Set<ObjectRef> created = new LinkedHashSet<>();
        for (int i = 0; i < records.size(); i++) {
            try {
                readRecord(records.get(i), created);
            } catch (BadNotificationException e) {
                throw new BadNotificationException(e.reason(), e.field().orElse(null),
                        "record " + i + " of " + records.size() + ": " + e.detail(), e.getCause());
            }
        }
        if (created.isEmpty()) {
            return new NothingToDo(NothingToDo.Reason.NOT_OBJECT_CREATED, Notification.S3_EVENT);
        }
        return new Notification.ObjectsNamed(List.copyOf(created), Notification.S3_EVENT);
    }

    private static void readRecord(final JsonNode record, final Set<ObjectRef> created)
            throws BadNotificationException {
        if (!record.isObject()) {
            throw new BadNotificationException(Reason.WRONG_TYPE, RECORDS,
                    RECORDS + " should hold objects but holds " + JsonFields.describe(record));
        }
        final String source = JsonFields.text(record, RECORDS, "eventSource");
        if (!"aws:s3".equals(source)) {
            // A Records array from anything but S3 (another service's event, or a CloudTrail log file pasted into
            // the queue) is refused whole rather than half-read: it means the queue is wired to the wrong source.
            throw new BadNotificationException(Reason.UNKNOWN_SHAPE, RECORDS + ".eventSource",
                    "eventSource is " + Excerpt.of(source) + ", not aws:s3");
        }
        final String eventName = JsonFields.text(record, RECORDS, "eventName");
        if (!eventName.startsWith(CREATED_PREFIX)) {
            return;
        }
        final JsonNode s3 = JsonFields.object(record, RECORDS, "s3");
        final String bucket = JsonFields.nonEmptyText(JsonFields.object(s3, RECORDS + ".s3", "bucket"),
                RECORDS + ".s3.bucket", "name");
        final String encodedKey = JsonFields.nonEmptyText(JsonFields.object(s3, RECORDS + ".s3", "object"),
                RECORDS + ".s3.object", "key");
        created.add(new ObjectRef(bucket, decodeKey(encodedKey)));
    }

    private static String decodeKey(final String encodedKey) throws BadNotificationException {
        final String field = RECORDS + ".s3.object.key";
        final String key;
        try {
            key = FormUrlDecoder.decode(encodedKey);
        } catch (FormUrlDecoder.MalformedEncodingException e) {
            throw new BadNotificationException(Reason.BAD_KEY_ENCODING, field,
                    "key " + Excerpt.of(encodedKey) + " is not form-URL-encoded: " + e.getMessage(), e);
        }
        if (key.isEmpty()) {
            throw new BadNotificationException(Reason.EMPTY_VALUE, field, "key decodes to an empty string");
        }
        return key;
    }
}
