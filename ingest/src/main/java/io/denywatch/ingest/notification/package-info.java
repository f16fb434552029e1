/**
 * Reading SQS message bodies that announce new S3 objects.
 *
 * <p>One queue can receive S3 event notifications, S3 test events, SNS envelopes around any of them, CloudTrail's own
 * SNS notification and EventBridge "Object Created" events, in any mix. {@link
 * io.denywatch.ingest.notification.NotificationParser} turns each body into the S3 objects it names, a reason why
 * there is nothing to do, or a {@link io.denywatch.ingest.notification.BadNotificationException}.
 */
package io.denywatch.ingest.notification;
