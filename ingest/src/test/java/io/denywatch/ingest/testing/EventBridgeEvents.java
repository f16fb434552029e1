package io.denywatch.ingest.testing;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * SQS message bodies as an EventBridge rule with an SQS target delivers them: the whole event, with a CloudTrail
 * record in {@code detail}. The record's text is put in as given, so tests can check it comes out byte for byte.
 */
public final class EventBridgeEvents {

    private EventBridgeEvents() {
    }

    /** The event CloudTrail would publish for {@code record}, whose JSON text is {@code detailJson}. */
    public static String cloudTrail(String id, JsonNode record, String detailJson) {
        return envelope(id, RealRecords.eventBridgeSource(record), RealRecords.eventBridgeDetailType(record),
                "us-east-1", detailJson);
    }

    /** An EventBridge event with {@code detailJson} inserted verbatim, after the other fields as EventBridge writes. */
    public static String envelope(String id, String source, String detailType, String region, String detailJson) {
        return "{\"version\":\"0\",\"id\":\"" + id + "\",\"detail-type\":\"" + detailType + "\",\"source\":\""
                + source + "\",\"account\":\"123456789012\",\"time\":\"2026-01-15T08:05:00Z\",\"region\":\"" + region
                + "\",\"resources\":[],\"detail\":" + detailJson + "}";
    }
}
