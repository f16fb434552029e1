package io.denywatch.ingest.notification;

import static io.denywatch.ingest.notification.Fixtures.snsWrapped;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.denywatch.common.cloudtrail.CloudTrailRecord;
import io.denywatch.common.json.Json;
import io.denywatch.ingest.notification.BadNotificationException.Reason;
import io.denywatch.ingest.notification.Notification.EventCarried;
import io.denywatch.ingest.testing.EventBridgeEvents;
import io.denywatch.ingest.testing.RealRecords;

/**
 * CloudTrail records delivered by EventBridge (the fast path), real ones in an EventBridge envelope: each becomes the
 * raw topic's record as a log file would give it — the record's exact bytes and the same header fields — and every
 * way such a message can be wrong is refused with a reason and the field.
 */
class EventBridgeRecordTest {

    private static final String ID = "6f5a2c1e-3a4b-4c5d-8e9f-0a1b2c3d4e5f";

    private final NotificationParser parser = new NotificationParser();

    @Test
    void everyRealRecordComesOutAsItsExactBytesWithTheFieldsOfItsHeaders() throws Exception {
        List<JsonNode> records = new ArrayList<>(RealRecords.fromDeliveryFiles());
        RealRecords.fromPantherTests().stream().filter(r -> r.path("eventID").isTextual()).forEach(records::add);
        assertTrue(records.size() > 2_900, "records: " + records.size());
        int i = 0;
        for (JsonNode record : records) {
            // Compact for most, pretty-printed for some: whatever the text, it is passed on unchanged.
            String detail = i++ % 7 == 0 ? Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(record)
                    : Json.mapper().writeValueAsString(record);
            EventCarried carried = carried(parser.parse(EventBridgeEvents.cloudTrail(ID, record, detail)));
            CloudTrailRecord event = carried.event();
            assertEquals(detail, new String(event.bytes(), StandardCharsets.UTF_8));
            assertEquals(record.get("eventID").asText(), event.eventId());
            assertEquals(textOrNull(record, "errorCode"), event.errorCode());
            assertEquals(textOrNull(record, "eventSource"), event.eventSource());
            assertEquals(textOrNull(record, "eventName"), event.eventName());
            assertEquals(textOrNull(record, "eventTime"), event.eventTime());
            assertEquals(textOrNull(record, "recipientAccountId"), event.recipientAccountId());
            assertEquals("eventbridge:us-east-1/" + ID, carried.origin());
            assertEquals(Notification.CLOUDTRAIL_EVENTBRIDGE, carried.shape());
        }
    }

    @Test
    void theBytesAreCutOutWhereverDetailStandsAndWhateverItsCharacters() throws Exception {
        JsonNode record = aDenial();
        // Non-ASCII as raw UTF-8 and as escapes, an escaped quote and slash: none of it may be touched.
        String detail = "{ \"note\" : \"caf\u00e9 \\u00e9 \\\" \\/ \u65e5\u672c\" ,\n\t"
                + Json.mapper().writeValueAsString(record).substring(1);
        String first = "{\"detail\":" + detail + ",\"id\":\"" + ID + "\",\"region\":\"eu-west-3\","
                + "\"detail-type\":\"AWS API Call via CloudTrail\",\"source\":\"aws.ec2\",\"resources\":[\"x\"]}";
        String middle = "{\"id\":\"" + ID + "\",\"source\":\"aws.ec2\",\"detail\":" + detail
                + ",\"detail-type\":\"AWS API Call via CloudTrail\",\"region\":\"eu-west-3\",\"resources\":[{\"a\":{}}]}";
        for (String body : List.of(first, middle)) {
            EventCarried carried = carried(parser.parse(body));
            assertArrayEquals(detail.getBytes(StandardCharsets.UTF_8), carried.event().bytes(), body);
            assertEquals("eventbridge:eu-west-3/" + ID, carried.origin());
        }
    }

    @Test
    void anSnsWrappedEventIsReadTooAndItsBytesAreTheRecordsInsideTheMessage() throws Exception {
        JsonNode record = aDenial();
        String detail = Json.mapper().writeValueAsString(record);
        EventCarried carried = carried(parser.parse(snsWrapped(EventBridgeEvents.cloudTrail(ID, record, detail))));
        assertEquals(detail, new String(carried.event().bytes(), StandardCharsets.UTF_8));
        assertEquals("sns_" + Notification.CLOUDTRAIL_EVENTBRIDGE, carried.shape());
    }

    @Test
    void anS3ApiCallFromSourceAwsS3IsARecordNotAnObjectNotification() throws Exception {
        JsonNode record = RealRecords.fromPantherTests().stream()
                .filter(r -> "s3.amazonaws.com".equals(r.path("eventSource").asText())
                        && r.path("eventID").isTextual() && "AccessDenied".equals(r.path("errorCode").asText()))
                .findFirst().orElseThrow();
        String body = EventBridgeEvents.envelope(ID, "aws.s3", "AWS API Call via CloudTrail", "us-east-1",
                Json.mapper().writeValueAsString(record));
        assertEquals(record.get("eventID").asText(), carried(parser.parse(body)).event().eventId());
    }

    @Test
    void consoleSignInsAndServiceEventsAreRecordsToo() throws Exception {
        for (String type : List.of("AWS Console Sign In via CloudTrail", "AWS Service Event via CloudTrail")) {
            String body = EventBridgeEvents.envelope(ID, "aws.signin", type, "us-east-1",
                    Json.mapper().writeValueAsString(aDenial()));
            assertInstanceOf(EventCarried.class, parser.parse(body), type);
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "no detail                     | MISSING_FIELD | detail",
        "detail is a string            | WRONG_TYPE    | detail",
        "detail is an array            | WRONG_TYPE    | detail",
        "no eventID                    | MISSING_FIELD | detail.eventID",
        "eventID is a number           | WRONG_TYPE    | detail.eventID",
        "eventID is empty              | EMPTY_VALUE   | detail.eventID",
        "no id                         | MISSING_FIELD | id",
        "id with a line break          | BAD_VALUE     | id",
        "region with a space           | BAD_VALUE     | region",
        "unknown detail-type from aws. | UNKNOWN_SHAPE | detail-type",
        "unknown detail-type from aws.s3 | UNKNOWN_SHAPE | detail-type",
        "CloudTrail type, custom source | UNKNOWN_SHAPE | source",
        "no detail-type                | MISSING_FIELD | detail-type"})
    void refusesWhatCannotBeTheRecordItClaimsToBe(String shape, Reason reason, String field) throws Exception {
        ObjectNode event = (ObjectNode) Json.mapper().readTree(EventBridgeEvents.envelope(ID, "aws.iam",
                "AWS API Call via CloudTrail", "us-east-1", Json.mapper().writeValueAsString(aDenial())));
        ObjectNode detail = (ObjectNode) event.get("detail");
        switch (shape) {
            case "no detail" -> event.remove("detail");
            case "detail is a string" -> event.put("detail", detail.toString());
            case "detail is an array" -> event.putArray("detail").add(detail);
            case "no eventID" -> detail.remove("eventID");
            case "eventID is a number" -> detail.put("eventID", 42);
            case "eventID is empty" -> detail.put("eventID", "");
            case "no id" -> event.remove("id");
            case "id with a line break" -> event.put("id", "abc\nINFO forged log line");
            case "region with a space" -> event.put("region", "us east 1");
            case "unknown detail-type from aws." -> event.put("detail-type", "EC2 Instance State-change Notification");
            case "unknown detail-type from aws.s3" -> event.put("source", "aws.s3").put("detail-type", "Bucket Made");
            case "CloudTrail type, custom source" -> event.put("source", "com.example.forger");
            case "no detail-type" -> event.remove("detail-type");
            default -> throw new IllegalArgumentException(shape);
        }
        BadNotificationException e = assertThrows(BadNotificationException.class,
                () -> parser.parse(event.toString()));
        assertEquals(reason, e.reason(), e.getMessage());
        assertEquals(field, e.field().orElseThrow(), e.getMessage());
        assertTrue(e.getMessage().chars().noneMatch(Character::isISOControl), e.getMessage());
    }

    @Test
    void aRecordOverTheLimitIsRefusedAsTooLargeAndOneAtTheLimitPasses() throws Exception {
        String detail = Json.mapper().writeValueAsString(aDenial());
        int size = detail.getBytes(StandardCharsets.UTF_8).length;
        String body = EventBridgeEvents.envelope(ID, "aws.iam", "AWS API Call via CloudTrail", "us-east-1", detail);
        assertEquals(size, carried(new NotificationParser(1 << 20, size).parse(body)).event().bytes().length);
        BadNotificationException e = assertThrows(BadNotificationException.class,
                () -> new NotificationParser(1 << 20, size - 1).parse(body));
        assertEquals(Reason.TOO_LARGE, e.reason());
        assertEquals("detail", e.field().orElseThrow());
    }

    @Test
    void aRecordOfCloudTrailsMaximumInANearlyOneMebibyteMessageIsAccepted() throws Exception {
        ObjectNode record = (ObjectNode) aDenial().deepCopy();
        // Padding the way real large events are large: a long requestParameters value.
        record.putObject("requestParameters").put("policyDocument", "x".repeat(250 * 1024));
        String detail = Json.mapper().writeValueAsString(record);
        String body = EventBridgeEvents.envelope(ID, "aws.iam", "AWS API Call via CloudTrail", "us-east-1", detail)
                .replace("\"resources\":[]", "\"resources\":[\"" + "r".repeat(700 * 1024) + "\"]");
        assertTrue(body.length() > 950 * 1024, "body of " + body.length());
        assertEquals(detail, new String(carried(parser.parse(body)).event().bytes(), StandardCharsets.UTF_8));
    }

    private static JsonNode aDenial() {
        return RealRecords.fromDeliveryFiles().stream()
                .filter(r -> "Client.UnauthorizedOperation".equals(r.path("errorCode").asText()))
                .findFirst().orElseThrow();
    }

    private static EventCarried carried(Notification notification) {
        return assertInstanceOf(EventCarried.class, notification);
    }

    private static String textOrNull(JsonNode record, String field) {
        JsonNode value = record.get(field);
        return value != null && value.isTextual() ? value.asText() : null;
    }
}
