package io.denywatch.embedded;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The events of a CloudTrail delivery file laid out in the other shapes saved CloudTrail comes in: as tools and labs
 * export it, as {@code aws cloudtrail lookup-events} prints it, as EventBridge delivers it. Each layout holds the same
 * events in the same order, so whatever reads them must find what it finds in the delivery file.
 */
public enum SavedEventShapes {

    /** As CloudTrail writes it: {@code {"Records":[...]}}. */
    DELIVERY_FILE {
        @Override
        public byte[] of(List<ObjectNode> events) {
            ObjectNode file = MAPPER.createObjectNode();
            file.putArray("Records").addAll(events);
            return bytes(file);
        }
    },
    /** A JSON array of events. */
    ARRAY {
        @Override
        public byte[] of(List<ObjectNode> events) {
            return bytes(MAPPER.createArrayNode().addAll(events));
        }
    },
    /** One event per line. */
    NDJSON {
        @Override
        public byte[] of(List<ObjectNode> events) {
            return lines(events);
        }
    },
    /** What {@code aws cloudtrail lookup-events} prints: each event a JSON string in {@code CloudTrailEvent}. */
    LOOKUP_EVENTS {
        @Override
        public byte[] of(List<ObjectNode> events) {
            ObjectNode page = MAPPER.createObjectNode();
            ArrayNode entries = page.putArray("Events");
            for (ObjectNode event : events) {
                ObjectNode entry = entries.addObject();
                entry.put("EventId", event.path("eventID").asText());
                entry.put("EventName", event.path("eventName").asText());
                entry.put("ReadOnly", String.valueOf(event.path("readOnly").asBoolean()));
                entry.put("EventTime", event.path("eventTime").asText());
                entry.put("EventSource", event.path("eventSource").asText());
                entry.put("Username", event.at("/userIdentity/userName").asText(""));
                entry.putArray("Resources");
                entry.put("CloudTrailEvent", new String(bytes(event), StandardCharsets.UTF_8));
            }
            page.put("NextToken", "eyJuZXh0IjoidG9rZW4ifQ==");
            return bytes(page);
        }
    },
    /** EventBridge events from CloudTrail, one per line, as an archive or a rule's log target keeps them. */
    EVENTBRIDGE_LINES {
        @Override
        public byte[] of(List<ObjectNode> events) {
            return lines(events.stream().map(SavedEventShapes::envelope).toList());
        }
    },
    /** EventBridge events from CloudTrail in a JSON array. */
    EVENTBRIDGE_ARRAY {
        @Override
        public byte[] of(List<ObjectNode> events) {
            return bytes(MAPPER.createArrayNode().addAll(events.stream().map(SavedEventShapes::envelope).toList()));
        }
    };

    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** The events laid out in this shape, as UTF-8 JSON. */
    public abstract byte[] of(List<ObjectNode> events);

    /** The delivery file's events laid out in this shape. */
    public byte[] of(byte[] deliveryFile) {
        return of(events(deliveryFile));
    }

    /** The events of a delivery file, in order. */
    public static List<ObjectNode> events(byte[] deliveryFile) {
        try {
            List<ObjectNode> events = new ArrayList<>();
            MAPPER.readTree(deliveryFile).get("Records").forEach(e -> events.add((ObjectNode) e));
            return events;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** One event as EventBridge delivers it: the event in {@code detail}, under CloudTrail's detail-type. */
    public static ObjectNode envelope(JsonNode event) {
        ObjectNode envelope = MAPPER.createObjectNode();
        envelope.put("version", "0");
        envelope.put("id", "eb-" + event.path("eventID").asText());
        envelope.put("detail-type", switch (event.path("eventType").asText()) {
            case "AwsConsoleSignIn" -> "AWS Console Sign In via CloudTrail";
            case "AwsServiceEvent" -> "AWS Service Event via CloudTrail";
            default -> "AWS API Call via CloudTrail";
        });
        String service = event.path("eventSource").asText().toLowerCase(Locale.ROOT);
        envelope.put("source", "aws." + service.replace(".amazonaws.com", ""));
        envelope.put("account", event.path("recipientAccountId").asText());
        envelope.put("time", event.path("eventTime").asText());
        envelope.put("region", event.path("awsRegion").asText());
        envelope.putArray("resources");
        envelope.set("detail", event);
        return envelope;
    }

    private static byte[] lines(List<? extends JsonNode> values) {
        StringBuilder out = new StringBuilder();
        for (JsonNode value : values) {
            out.append(new String(bytes(value), StandardCharsets.UTF_8)).append('\n');
        }
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] bytes(JsonNode value) {
        try {
            return MAPPER.writeValueAsBytes(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
