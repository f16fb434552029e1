package io.denywatch.ingest.testing;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Collectors;

/** SQS message bodies in the shapes AWS sends, for integration tests. */
public final class Notifications {

    private Notifications() {
    }

    /** An S3 event notification; the key form-URL-encoded as S3 does. */
    public static String s3Event(String bucket, String key) {
        return """
                {"Records":[{"eventVersion":"2.1","eventSource":"aws:s3","awsRegion":"us-east-1",
                "eventTime":"2026-01-15T08:05:00.000Z","eventName":"ObjectCreated:Put",
                "s3":{"s3SchemaVersion":"1.0","configurationId":"trail",
                "bucket":{"name":"%s","arn":"arn:aws:s3:::%s"},
                "object":{"key":"%s","size":1024,"sequencer":"0055AED6DCD90281E5"}}}]}"""
                .formatted(bucket, bucket, URLEncoder.encode(key, StandardCharsets.UTF_8));
    }

    /** The same wrapped in an SNS envelope with raw delivery off. */
    public static String sns(String inner) {
        String escaped = inner.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "");
        return """
                {"Type":"Notification","MessageId":"22b80b92-fdea-4c2c-8f9d-bdfb0c7bf324",
                "TopicArn":"arn:aws:sns:us-east-1:123456789012:trail","Subject":"Amazon S3 Notification",
                "Message":"%s","Timestamp":"2026-01-15T08:05:01.000Z","SignatureVersion":"1"}"""
                .formatted(escaped);
    }

    /** CloudTrail's own notification naming several keys, plain (not URL-encoded). */
    public static String cloudTrail(String bucket, List<String> keys) {
        return "{\"s3Bucket\":\"" + bucket + "\",\"s3ObjectKey\":["
                + keys.stream().map(k -> "\"" + k + "\"").collect(Collectors.joining(",")) + "]}";
    }

    /** An EventBridge "Object Created" event. */
    public static String eventBridge(String bucket, String key) {
        return """
                {"version":"0","id":"17793124-05d4-b198-2fde-7ededc63b103","detail-type":"Object Created",
                "source":"aws.s3","account":"123456789012","time":"2026-01-15T08:05:00Z","region":"us-east-1",
                "resources":["arn:aws:s3:::%s"],
                "detail":{"version":"0","bucket":{"name":"%s"},"object":{"key":"%s","size":1024},
                "request-id":"N4N7GDK58NMKJ12R","requester":"123456789012","reason":"PutObject"}}"""
                .formatted(bucket, bucket, key);
    }

    /** The message S3 sends when a notification configuration is saved. */
    public static String s3TestEvent(String bucket) {
        return """
                {"Service":"Amazon S3","Event":"s3:TestEvent","Time":"2026-01-15T08:00:00.000Z",
                "Bucket":"%s","RequestId":"5582815E1AEA5ADF","HostId":"8cLeGAmw098X5cv4Zkwcmo8vvZa3eH3eKxsPzbB9wrR+YstdA6Knx4Ip8EXAMPLE"}"""
                .formatted(bucket);
    }
}
