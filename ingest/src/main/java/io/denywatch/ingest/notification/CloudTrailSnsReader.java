package io.denywatch.ingest.notification;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;

import io.denywatch.ingest.notification.Notification.NothingToDo;

/**
 * Reads CloudTrail's own notification, {@code {"s3Bucket":"b","s3ObjectKey":["k1","k2"]}}: one message can name
 * several log files, and the keys are plain text, not URL-encoded.
 */
final class CloudTrailSnsReader {

    private static final String KEYS = "s3ObjectKey";

    private CloudTrailSnsReader() {
    }

    static boolean matches(final JsonNode root) {
        return root.has("s3Bucket") || root.has(KEYS);
    }

    static Notification read(final JsonNode root) throws BadNotificationException {
        final String bucket = JsonFields.nonEmptyText(root, "", "s3Bucket");
        final JsonNode keys = JsonFields.array(root, "", KEYS);
        if (keys.isEmpty()) {
            return new NothingToDo(NothingToDo.Reason.NO_OBJECTS, Notification.CLOUDTRAIL_SNS);
        }
        final Set<ObjectRef> objects = new LinkedHashSet<>();
        for (final JsonNode key : keys) {
            objects.add(new ObjectRef(bucket, JsonFields.nonEmptyText(key, KEYS + "[]")));
        }
        return new Notification.ObjectsNamed(List.copyOf(objects), Notification.CLOUDTRAIL_SNS);
    }
}
