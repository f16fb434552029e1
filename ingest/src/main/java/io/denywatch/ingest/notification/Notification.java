package io.denywatch.ingest.notification;

import java.util.List;
import java.util.Objects;

import io.denywatch.common.cloudtrail.CloudTrailRecord;

/**
 * What one SQS message body means for the ingestor: objects to read, an event carried in the message itself, or
 * nothing to do.
 *
 * <p>{@link #shape()} says how the message was built, for metrics: one of {@link #S3_EVENT}, {@link #S3_TEST_EVENT},
 * {@link #CLOUDTRAIL_SNS}, {@link #EVENTBRIDGE}, {@link #CLOUDTRAIL_EVENTBRIDGE}, each prefixed with
 * {@link #SNS_PREFIX} when it arrived inside an SNS envelope. The set is closed, so it is safe as a metric tag.
 */
public sealed interface Notification
        permits Notification.ObjectsNamed, Notification.EventCarried, Notification.NothingToDo {

    /** S3 event notification delivered straight to SQS ({@code Records[].s3}). */
    String S3_EVENT = "s3_event";
    /** The {@code s3:TestEvent} S3 sends when a notification configuration is saved. */
    String S3_TEST_EVENT = "s3_test_event";
    /** CloudTrail's own notification, {@code {"s3Bucket":..., "s3ObjectKey":[...]}}. */
    String CLOUDTRAIL_SNS = "cloudtrail_sns";
    /** An EventBridge event from {@code aws.s3}. */
    String EVENTBRIDGE = "eventbridge";
    /** A CloudTrail record delivered by EventBridge (the fast path): the message is the event. */
    String CLOUDTRAIL_EVENTBRIDGE = "cloudtrail_eventbridge";
    /** Put before the inner shape when the message came inside an SNS envelope. */
    String SNS_PREFIX = "sns_";

    /** How the message was built; low cardinality, see the constants above. */
    String shape();

    /**
     * The message names objects to read.
     *
     * @param objects the objects in the order the message names them, without repeats; never empty
     * @param shape how the message was built
     */
    record ObjectsNamed(List<ObjectRef> objects, String shape) implements Notification {

        public ObjectsNamed {
            objects = List.copyOf(objects);
            Objects.requireNonNull(shape, "shape");
            if (objects.isEmpty()) {
                throw new IllegalArgumentException("a notification that names objects names at least one");
            }
        }
    }

    /**
     * The message carries one CloudTrail event itself: EventBridge delivered the record in its {@code detail}.
     *
     * @param event  the record as its exact bytes in the message, with the fields the raw topic's headers carry
     * @param origin where it came from, for the raw topic's {@code source} header:
     *               {@code eventbridge:<region>/<EventBridge event id>}
     * @param shape  how the message was built
     */
    record EventCarried(CloudTrailRecord event, String origin, String shape) implements Notification {

        public EventCarried {
            Objects.requireNonNull(event, "event");
            Objects.requireNonNull(origin, "origin");
            Objects.requireNonNull(shape, "shape");
        }

        @Override
        public String toString() {
            // The record's own toString would show the byte array's identity; this says what a reader needs.
            return "EventCarried[origin=" + origin + ", eventID=" + event.eventId() + ", bytes=" + event.bytes().length
                    + ", shape=" + shape + "]";
        }
    }

    /**
     * The message is well formed but asks for no work: acknowledge it and count it under {@link Reason#metricName()}.
     *
     * @param reason why there is nothing to do
     * @param shape how the message was built
     */
    record NothingToDo(Reason reason, String shape) implements Notification {

        public NothingToDo {
            Objects.requireNonNull(reason, "reason");
            Objects.requireNonNull(shape, "shape");
        }

        /** Why a well-formed message asks for no work. */
        public enum Reason {
            /** S3's configuration test message. */
            S3_TEST_EVENT("s3_test_event"),
            /** Only events other than {@code ObjectCreated} (removals, restores, tagging...). */
            NOT_OBJECT_CREATED("not_object_created"),
            /** An empty {@code Records} or {@code s3ObjectKey} array. */
            NO_OBJECTS("no_objects");

            private final String metricName;

            Reason(final String metricName) {
                this.metricName = metricName;
            }

            /** Stable lower-case name for metrics and logs. */
            public String metricName() {
                return metricName;
            }
        }
    }
}
