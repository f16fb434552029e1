package io.denywatch.analyzer.streams;

import io.denywatch.common.event.EventHeaders;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.test.TestRecord;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

/** Raw CloudTrail records as the ingestor writes them: original JSON bytes, keyed by eventID, with headers. */
final class RawEvents {

    static final String ACCOUNT = "123456789012";

    private RawEvents() {
    }

    /** An S3 PutObject by a role's session, refused by an SCP. */
    static TestRecord<byte[], byte[]> scpDenial(String eventId, String role, Instant time) {
        return denial(eventId, role, time, "PutObject", "s3.amazonaws.com", "AccessDenied",
                "User: arn:aws:sts::" + ACCOUNT + ":assumed-role/" + role + "/session-1 is not authorized to perform:"
                        + " s3:PutObject on resource: \\\"arn:aws:s3:::artifacts/build.zip\\\" with an explicit deny"
                        + " in a service control policy");
    }

    static TestRecord<byte[], byte[]> denial(String eventId, String role, Instant time, String eventName,
                                             String eventSource, String errorCode, String errorMessage) {
        String json = "{\"eventVersion\":\"1.11\",\"userIdentity\":{\"type\":\"AssumedRole\",\"principalId\":"
                + "\"AROAEXAMPLE:session-1\",\"arn\":\"arn:aws:sts::" + ACCOUNT + ":assumed-role/" + role
                + "/session-1\",\"accountId\":\"" + ACCOUNT + "\",\"sessionContext\":{\"sessionIssuer\":{\"type\":"
                + "\"Role\",\"principalId\":\"AROAEXAMPLE\",\"arn\":\"arn:aws:iam::" + ACCOUNT + ":role/" + role
                + "\",\"accountId\":\"" + ACCOUNT + "\",\"userName\":\"" + role + "\"}}},\"eventTime\":\"" + time
                + "\",\"eventSource\":\"" + eventSource + "\",\"eventName\":\"" + eventName + "\",\"awsRegion\":"
                + "\"us-east-1\",\"sourceIPAddress\":\"203.0.113.7\",\"userAgent\":\"aws-cli/2.15\","
                + "\"errorCode\":\"" + errorCode + "\",\"errorMessage\":\"" + errorMessage + "\","
                + "\"requestParameters\":{\"bucketName\":\"artifacts\",\"key\":\"build.zip\"},\"responseElements\":null,"
                + "\"requestID\":\"REQ" + eventId + "\",\"eventID\":\"" + eventId + "\",\"readOnly\":false,"
                + "\"eventType\":\"AwsApiCall\",\"managementEvent\":false,\"recipientAccountId\":\"" + ACCOUNT
                + "\",\"eventCategory\":\"Data\"}";
        return record(eventId, json, time.toString(), errorCode, eventSource, eventName);
    }

    /** A successful call: no errorCode. */
    static TestRecord<byte[], byte[]> success(String eventId, Instant time) {
        String json = "{\"eventID\":\"" + eventId + "\",\"eventTime\":\"" + time + "\",\"eventName\":\"GetObject\"}";
        return record(eventId, json, time.toString(), null, "s3.amazonaws.com", "GetObject");
    }

    static TestRecord<byte[], byte[]> record(String eventId, String json, String eventTime, String errorCode,
                                            String eventSource, String eventName) {
        RecordHeaders headers = new RecordHeaders();
        headers.add(EventHeaders.EVENT_ID, bytes(eventId));
        if (errorCode != null) {
            headers.add(EventHeaders.ERROR_CODE, bytes(errorCode));
        }
        headers.add(EventHeaders.EVENT_SOURCE, bytes(eventSource));
        headers.add(EventHeaders.EVENT_NAME, bytes(eventName));
        if (eventTime != null) {
            headers.add(EventHeaders.EVENT_TIME, bytes(eventTime));
        }
        headers.add(EventHeaders.RECIPIENT_ACCOUNT_ID, bytes(ACCOUNT));
        headers.add(EventHeaders.SOURCE, bytes("s3://trail/AWSLogs/" + ACCOUNT + "/CloudTrail/us-east-1/x.json.gz"));
        return new TestRecord<>(bytes(eventId), bytes(json), headers, Instant.parse("2026-01-01T00:00:00Z"));
    }

    /** The same record as it arrives by the EventBridge fast path: only the source header differs. */
    static TestRecord<byte[], byte[]> viaEventBridge(TestRecord<byte[], byte[]> fromFile) {
        RecordHeaders headers = new RecordHeaders(fromFile.headers().toArray());
        headers.remove(EventHeaders.SOURCE);
        headers.add(EventHeaders.SOURCE, bytes("eventbridge:us-east-1/" + new String(fromFile.key(),
                StandardCharsets.UTF_8)));
        return new TestRecord<>(fromFile.key(), fromFile.value(), headers, fromFile.timestamp());
    }

    static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
