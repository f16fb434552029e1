package io.denywatch.ingest.notification;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Recognises the SNS envelope that wraps a notification when raw message delivery is off: {@code "Type":
 * "Notification"} with the real notification as a JSON string in {@code Message}.
 */
final class SnsEnvelope {

    private SnsEnvelope() {
    }

    static boolean matches(final JsonNode root) {
        return "Notification".equals(JsonFields.optionalText(root, "Type"));
    }

    /** The inner notification, its shape marked as having come through SNS. */
    static Notification wrapped(final Notification inner) {
        final String shape = inner.shape().startsWith(Notification.SNS_PREFIX)
                ? inner.shape()
                : Notification.SNS_PREFIX + inner.shape();
        if (inner instanceof Notification.ObjectsNamed) {
            return new Notification.ObjectsNamed(((Notification.ObjectsNamed) inner).objects(), shape);
        }
        if (inner instanceof Notification.EventCarried carried) {
            return new Notification.EventCarried(carried.event(), carried.origin(), shape);
        }
        return new Notification.NothingToDo(((Notification.NothingToDo) inner).reason(), shape);
    }
}
