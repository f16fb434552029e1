package io.denywatch.common.cloudtrail;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.EnumSet;
import java.util.List;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;

import io.denywatch.embedded.SampleLogFiles;
import io.denywatch.embedded.SavedEventShapes;

/**
 * The shapes CloudTrail events are exported in besides delivery files: {@code aws cloudtrail lookup-events} output,
 * whose events are JSON strings, and EventBridge events, whose event is {@code detail}. Each event must come out as
 * it would from a delivery file: the same bytes and the same fields.
 */
class ExportedShapesTest {

    private static final int MAX_RECORD = 256 * 1024;
    private static final String EVENT = "{\"eventID\":\"e1\",\"eventTime\":\"2023-07-10T12:00:00Z\","
            + "\"eventSource\":\"s3.amazonaws.com\",\"eventName\":\"GetObject\",\"errorCode\":\"AccessDenied\","
            + "\"recipientAccountId\":\"111122223333\",\"userIdentity\":{\"type\":\"IAMUser\"}}";

    private final CloudTrailReader any = CloudTrailReader.accepting(EnumSet.allOf(Shape.class), MAX_RECORD,
            Long.MAX_VALUE);
    private final CloudTrailReader deliveryFiles = CloudTrailReader.accepting(EnumSet.of(Shape.DELIVERY_FILE),
            MAX_RECORD, Long.MAX_VALUE);

    @ParameterizedTest
    @EnumSource(SavedEventShapes.class)
    void everyShapeOfARealFileGivesTheEventsOfItsDeliveryFileByteForByte(SavedEventShapes shape) throws Exception {
        byte[] delivered = SampleLogFiles.bytes(SampleLogFiles.names().get(20));
        List<CloudTrailRecord> expected = read(any, SavedEventShapes.DELIVERY_FILE.of(delivered)).accepted;
        assertTrue(expected.size() > 10, "the fixture must hold events for this test to mean anything");

        for (byte[] input : List.of(shape.of(delivered), SampleLogFiles.gzip(shape.of(delivered)))) {
            RecordSplitterTest.Collected out = read(any, input);
            assertEquals(List.of(), out.rejected);
            assertEquals(expected.size(), out.accepted.size());
            for (int i = 0; i < expected.size(); i++) {
                CloudTrailRecord want = expected.get(i);
                CloudTrailRecord got = out.accepted.get(i);
                assertArrayEquals(want.bytes(), got.bytes(), "event " + i);
                assertEquals(new CloudTrailRecord(want.index(), null, want.eventId(), want.errorCode(),
                        want.eventSource(), want.eventName(), want.eventTime(), want.recipientAccountId()),
                        new CloudTrailRecord(got.index(), null, got.eventId(), got.errorCode(), got.eventSource(),
                                got.eventName(), got.eventTime(), got.recipientAccountId()));
            }
        }
    }

    @Test
    void aLookupEventIsItsStringDecodedIntoTheEventsOwnBytes() throws Exception {
        String event = "{\"eventID\":\"e\\u00e9\",\"errorMessage\":\"a \\\"quoted\\\" \\\\ path\\n\"}";
        String lookup = "{\"NextToken\":\"t\",\"Events\":[{\"EventId\":\"x\",\"CloudTrailEvent\":"
                + quoted(event) + ",\"Resources\":[{\"ResourceType\":\"r\"}]}]}";
        RecordSplitterTest.Collected out = read(any, utf8(lookup));
        assertEquals(List.of("eé"), out.ids());
        assertArrayEquals(utf8(event), out.accepted.get(0).bytes(),
                "the string decoded once: the event's own escapes stay as the event wrote them");
    }

    @Test
    void lookupEntriesWithoutAnEventAreRejectedOneByOneAndTheRestRead() throws Exception {
        String big = "{\"eventID\":\"big\",\"pad\":\"" + "p".repeat(MAX_RECORD) + "\"}";
        String lookup = "{\"Events\":[" + entry(EVENT) + ",{\"EventId\":\"none\"}," + entry("not json") + ","
                + entry("[1]") + "," + entry(big) + ",7," + entry(EVENT.replace("e1", "e2")) + "]}";
        RecordSplitterTest.Collected out = read(any, utf8(lookup));
        assertEquals(List.of("e1", "e2"), out.ids());
        assertEquals(List.of(LogFileProblem.NOT_A_CLOUDTRAIL_EVENT, LogFileProblem.INVALID_JSON,
                LogFileProblem.RECORD_NOT_AN_OBJECT, LogFileProblem.RECORD_TOO_LARGE,
                LogFileProblem.RECORD_NOT_AN_OBJECT), out.rejected.stream().map(RejectedRecord::problem).toList());
        assertEquals(List.of(1, 2, 3, 4, 5), out.rejected.stream().map(RejectedRecord::index).toList());
        assertEquals(6, out.accepted.get(1).index());
    }

    @Test
    void lookupPagesOneAfterAnotherAreReadInTurn() throws Exception {
        String page = "{\"Events\":[" + entry(EVENT) + "],\"NextToken\":\"t\"}";
        assertEquals(List.of("e1", "e1"), read(any, utf8(page + "\n" + page + "\n")).ids());
    }

    @Test
    void anEventBridgeEventGivesTheExactBytesOfItsDetailWhereverItsFieldsStand() throws Exception {
        String detail = "{ \"eventID\" : \"e1\",\n  \"errorCode\":\"AccessDenied\" }";
        String detailFirst = "{\"detail\":" + detail + ",\"source\":\"aws.s3\",\"detail-type\":"
                + "\"AWS API Call via CloudTrail\",\"id\":\"1\"}";
        String detailLast = "{\"version\":\"0\",\"id\":\"1\",\"detail-type\":\"AWS Console Sign In via CloudTrail\","
                + "\"source\":\"aws.signin\",\"resources\":[],\"detail\":" + detail + "}";
        for (String input : List.of(detailFirst, detailLast, "[" + detailFirst + "," + detailLast + "]",
                detailFirst + "\n" + detailLast)) {
            RecordSplitterTest.Collected out = read(any, utf8(input));
            assertEquals(List.of(), out.rejected, input);
            for (CloudTrailRecord record : out.accepted) {
                assertArrayEquals(utf8(detail), record.bytes(), input);
                assertEquals("e1", record.eventId());
                assertEquals("AccessDenied", record.errorCode());
            }
        }
    }

    @Test
    void anEventBridgeEventThatIsNotCloudTrailsIsRejectedAloneAndTheRestRead() throws Exception {
        String s3 = "{\"version\":\"0\",\"detail-type\":\"Object Created\",\"source\":\"aws.s3\","
                + "\"detail\":{\"bucket\":{\"name\":\"b\"}}}";
        String forged = "{\"detail-type\":\"AWS API Call via CloudTrail\",\"source\":\"my.app\",\"detail\":" + EVENT
                + "}";
        String good = "{\"detail-type\":\"AWS API Call via CloudTrail\",\"source\":\"aws.s3\",\"detail\":" + EVENT
                + "}";
        RecordSplitterTest.Collected out = read(any, utf8(s3 + "\n" + forged + "\n" + good + "\n"));
        assertEquals(List.of("e1"), out.ids());
        assertEquals(List.of(LogFileProblem.NOT_A_CLOUDTRAIL_EVENT, LogFileProblem.NOT_A_CLOUDTRAIL_EVENT),
                out.rejected.stream().map(RejectedRecord::problem).toList());
        assertTrue(out.rejected.get(0).excerpt().contains("Object Created"), out.rejected.get(0).excerpt());
    }

    @Test
    void aDeliveryFileIsNeverReadAsAnEventBridgeEventNorItsRecordsAsEnvelopes() throws Exception {
        String envelope = "{\"detail-type\":\"AWS API Call via CloudTrail\",\"source\":\"aws.s3\",\"detail\":"
                + EVENT + "}";
        RecordSplitterTest.Collected out = read(any, utf8("{\"Records\":[" + envelope + "]}"));
        assertEquals(1, out.accepted.size());
        assertArrayEquals(utf8(envelope), out.accepted.get(0).bytes(), "a record is the record, as ingest reads it");
    }

    @Test
    void aReaderOfDeliveryFilesStillRefusesLookupOutputAndEventBridgeEvents() {
        for (String input : List.of("{\"Events\":[" + entry(EVENT) + "]}",
                "{\"detail-type\":\"AWS API Call via CloudTrail\",\"source\":\"aws.s3\",\"detail\":" + EVENT + "}")) {
            LogFileException e = assertThrows(LogFileException.class, () -> read(deliveryFiles, utf8(input)));
            assertEquals(LogFileProblem.NO_RECORDS, e.problem(), e.getMessage());
            assertTrue(e.getMessage().contains("not a CloudTrail delivery file"), e.getMessage());
        }
    }

    @Test
    void eachNewShapeIsTakenOnlyWhereItIsChosen() throws Exception {
        CloudTrailReader lookups = CloudTrailReader.accepting(EnumSet.of(Shape.LOOKUP_EVENTS), MAX_RECORD,
                Long.MAX_VALUE);
        CloudTrailReader envelopes = CloudTrailReader.accepting(EnumSet.of(Shape.EVENTBRIDGE), MAX_RECORD,
                Long.MAX_VALUE);
        String lookup = "{\"Events\":[" + entry(EVENT) + "]}";
        String envelope = "{\"detail-type\":\"AWS API Call via CloudTrail\",\"source\":\"aws.s3\",\"detail\":"
                + EVENT + "}";
        assertEquals(List.of("e1"), read(lookups, utf8(lookup)).ids());
        assertEquals(List.of("e1"), read(envelopes, utf8(envelope)).ids());
        LogFileException e = assertThrows(LogFileException.class, () -> read(lookups, utf8(envelope)));
        assertTrue(e.getMessage().contains("not aws cloudtrail lookup-events output"), e.getMessage());
        e = assertThrows(LogFileException.class, () -> read(envelopes, utf8(EVENT)));
        assertTrue(e.getMessage().contains("not EventBridge events from CloudTrail"), e.getMessage());
    }

    private static String entry(String event) {
        return "{\"EventId\":\"x\",\"CloudTrailEvent\":" + quoted(event) + "}";
    }

    /** The text as a JSON string, as the AWS CLI writes CloudTrailEvent. */
    private static String quoted(String text) {
        try {
            return io.denywatch.common.json.Json.mapper().writeValueAsString(text);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static RecordSplitterTest.Collected read(CloudTrailReader reader, byte[] input) throws Exception {
        RecordSplitterTest.Collected out = new RecordSplitterTest.Collected();
        reader.read(new ByteArrayInputStream(input), out);
        return out;
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
