package io.denywatch.cli.demo;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.denywatch.common.json.Json;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * The SQS message body an EventBridge rule with an SQS target delivers for a CloudTrail record: the whole event, the
 * record under {@code detail} (domain.md §8), as the demo and the latency benchmark send them in place of AWS.
 */
public final class EventBridgeEnvelope {

    private EventBridgeEnvelope() {
    }

    /** The event CloudTrail publishes on the default bus for {@code record}. */
    public static String of(ObjectNode record) {
        ObjectNode e = Json.mapper().createObjectNode();
        e.put("version", "0");
        e.put("id", UUID.randomUUID().toString());
        e.put("detail-type", detailType(record));
        e.put("source", source(record));
        e.put("account", record.path("recipientAccountId").asText());
        // EventBridge's own time; readers go by detail.eventTime.
        e.put("time", record.path("eventTime").asText());
        e.put("region", record.path("awsRegion").asText());
        e.putArray("resources");
        e.set("detail", record);
        return new String(Json.bytes(e), StandardCharsets.UTF_8);
    }

    /** {@code aws.s3} for {@code s3.amazonaws.com}: the service's part of the event source. */
    static String source(ObjectNode record) {
        String eventSource = record.path("eventSource").asText("");
        int dot = eventSource.indexOf('.');
        return "aws." + (dot < 0 ? eventSource : eventSource.substring(0, dot));
    }

    static String detailType(ObjectNode record) {
        return switch (record.path("eventType").asText("")) {
            case "AwsConsoleSignIn" -> "AWS Console Sign In via CloudTrail";
            case "AwsServiceEvent" -> "AWS Service Event via CloudTrail";
            default -> "AWS API Call via CloudTrail";
        };
    }
}
