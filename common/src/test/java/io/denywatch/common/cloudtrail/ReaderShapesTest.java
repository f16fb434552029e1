package io.denywatch.common.cloudtrail;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;

import io.denywatch.common.json.Json;
import io.denywatch.embedded.SampleLogFiles;

/**
 * Which layouts of events a reader takes, as its caller chose them: every shape (what {@code denywatch explain}
 * and {@code scan} read), or delivery files only (what the ingestor and replay read).
 */
class ReaderShapesTest {

    private static final String EVENT_A = "{\"eventID\":\"a\",\"eventName\":\"GetObject\"}";
    private static final String EVENT_B = "{\"eventID\":\"b\",\"eventName\":\"PutObject\"}";
    private static final int MAX_RECORD = 256 * 1024;

    private final CloudTrailReader any = CloudTrailReader.accepting(EnumSet.allOf(Shape.class), MAX_RECORD,
            Long.MAX_VALUE);
    private final CloudTrailReader deliveryFiles = CloudTrailReader.accepting(EnumSet.of(Shape.DELIVERY_FILE),
            MAX_RECORD, Long.MAX_VALUE);

    @TempDir
    Path dir;

    @Test
    void readsARealDeliveryFile() throws Exception {
        byte[] file = SampleLogFiles.bytes(SampleLogFiles.names().get(0));
        List<String> ids = ids(any, file);
        JsonNode records = Json.mapper().readTree(file).get("Records");
        assertEquals(records.size(), ids.size());
        assertEquals(records.get(0).get("eventID").asText(), ids.get(0));
        assertEquals(records.get(records.size() - 1).get("eventID").asText(), ids.get(ids.size() - 1));
        assertEquals(ids, ids(deliveryFiles, file));
    }

    @Test
    void recognisesGzipByItsMagicBytesNotItsName() throws Exception {
        byte[] file = SampleLogFiles.bytes(SampleLogFiles.names().get(1));
        assertEquals(ids(any, file), ids(any, SampleLogFiles.gzip(file)));
    }

    @Test
    void readsAGzippedFileFromDisk() throws Exception {
        byte[] file = SampleLogFiles.bytes(SampleLogFiles.names().get(2));
        Path gz = dir.resolve("delivery.json.gz");
        Files.write(gz, SampleLogFiles.gzip(file));
        RecordSplitterTest.Collected out = new RecordSplitterTest.Collected();
        try (InputStream in = Files.newInputStream(gz)) {
            any.read(in, out);
        }
        assertEquals(ids(any, file), out.ids());
    }

    @Test
    void readsNewlineDelimitedEventsAsTheirOwnBytes() throws Exception {
        RecordSplitterTest.Collected out = read(any, utf8(EVENT_A + "\n\n" + EVENT_B + "\n"));
        assertEquals(List.of("a", "b"), out.ids());
        assertArrayEquals(utf8(EVENT_A), out.accepted.get(0).bytes());
        assertEquals("PutObject", out.accepted.get(1).eventName());
        assertEquals(1, out.accepted.get(1).index());
    }

    @Test
    void readsOneEvent() throws Exception {
        assertEquals(List.of("a"), ids(any, utf8(EVENT_A)));
    }

    @Test
    void readsAnArrayOfEvents() throws Exception {
        assertEquals(List.of("a", "b"), ids(any, utf8("[" + EVENT_A + ", " + EVENT_B + "]")));
    }

    @Test
    void readsDeliveryFilesOneAfterAnother() throws Exception {
        String file = "{\"Records\":[" + EVENT_A + "," + EVENT_B + "]}";
        assertEquals(List.of("a", "b", "a", "b"), ids(any, utf8(file + "\n" + file)));
    }

    @Test
    void readsRecordsThatAreNotTheFirstField() throws Exception {
        assertEquals(List.of("a", "b"), ids(any, utf8("{\"note\":{\"x\":[1]},\"Records\":[" + EVENT_A + ","
                + EVENT_B + "]}")));
    }

    @Test
    void skipsFieldsAfterRecords() throws Exception {
        assertEquals(List.of("a", "b"), ids(any, utf8("{\"Records\":[" + EVENT_A + "],\"trailer\":{\"x\":[1,2]}}"
                + EVENT_B)));
    }

    @Test
    void anEventWhoseRecordsIsNoArrayIsAnEvent() throws Exception {
        assertEquals(List.of("a"), ids(any, utf8("{\"Records\":5,\"eventID\":\"a\"}")));
    }

    @Test
    void emptyInputHasNoEvents() throws Exception {
        assertEquals(List.of(), ids(any, new byte[0]));
        assertEquals(List.of(), ids(any, utf8("{\"Records\":[]}")));
    }

    @Test
    void passesTheFirstEventOnBeforeReadingTheRestOfALargeFile() throws Exception {
        int events = 20_000;
        CountingEventSource source = new CountingEventSource(events);
        List<Long> readAtEachEvent = new ArrayList<>();
        List<String> firstId = new ArrayList<>();
        any.read(source, new RecordSplitterTest.Collected() {
            @Override
            public void accept(CloudTrailRecord record) {
                if (readAtEachEvent.isEmpty()) {
                    firstId.add(record.eventId());
                }
                readAtEachEvent.add(source.bytesRead);
            }
        });
        assertEquals(List.of("e0"), firstId);
        assertTrue(readAtEachEvent.get(0) < 256 * 1024, "read " + readAtEachEvent.get(0) + " bytes for one event");
        assertEquals(events, readAtEachEvent.size());
        assertTrue(source.bytesRead > 1_000_000, "the whole input was read by the end");
        assertFalse(source.closed, "the caller's stream is the caller's to close");
    }

    @Test
    void textThatIsNotJsonIsReportedWithItsPosition() {
        LogFileException e = assertThrows(LogFileException.class, () -> read(any, utf8("hello world")));
        assertEquals(LogFileProblem.INVALID_JSON, e.problem());
        assertTrue(e.getMessage().contains("at byte"), e.getMessage());
    }

    @Test
    void aTopLevelValueThatIsNoEventIsRefused() {
        LogFileException e = assertThrows(LogFileException.class, () -> read(any, utf8("\"Records\"")));
        assertEquals(LogFileProblem.NOT_AN_OBJECT, e.problem());
        assertTrue(e.getMessage().contains("the top level is a string, not a CloudTrail delivery file"),
                e.getMessage());
    }

    @Test
    void aRecordThatIsNoObjectIsRejectedWithItsPosition() throws Exception {
        RecordSplitterTest.Collected out = read(any, utf8("{\"Records\":[" + EVENT_A + ", 42]}"));
        assertEquals(List.of("a"), out.ids());
        assertEquals(1, out.rejected.size());
        assertEquals(1, out.rejected.get(0).index());
        assertEquals(LogFileProblem.RECORD_NOT_AN_OBJECT, out.rejected.get(0).problem());
        assertEquals("42", out.rejected.get(0).excerpt());
    }

    @Test
    void eventsBeforeDamageArePassedOnFirst() {
        RecordSplitterTest.Collected out = new RecordSplitterTest.Collected();
        LogFileException e = assertThrows(LogFileException.class, () -> any.read(new ByteArrayInputStream(
                utf8("{\"Records\":[" + EVENT_A + "," + EVENT_B + ",{\"eventID\":")), out));
        assertTrue(e.getMessage().contains("after 2 records"), e.getMessage());
        assertEquals(List.of("a", "b"), out.ids());
    }

    @Test
    void damagedGzipIsReportedAsSuch() throws IOException {
        byte[] gz = SampleLogFiles.gzip(SampleLogFiles.bytes(SampleLogFiles.names().get(0)));
        byte[] cut = Arrays.copyOf(gz, gz.length / 2);
        LogFileException e = assertThrows(LogFileException.class, () -> read(any, cut));
        assertEquals(LogFileProblem.TRUNCATED_GZIP, e.problem());
    }

    @Test
    void anEventLargerThanTheLimitIsRejectedAloneWhereEventsAreTopLevel() throws Exception {
        String big = "{\"eventID\":\"big\",\"pad\":\"" + "p".repeat(MAX_RECORD) + "\"}";
        RecordSplitterTest.Collected out = read(any, utf8(EVENT_A + "\n" + big + "\n" + EVENT_B));
        assertEquals(List.of("a", "b"), out.ids());
        assertEquals(LogFileProblem.RECORD_TOO_LARGE, out.rejected.get(0).problem());
        assertEquals(1, out.rejected.get(0).index());
    }

    @Test
    void aReaderOfDeliveryFilesRefusesNewlineDelimitedEventsSayingWhy() {
        LogFileException e = assertThrows(LogFileException.class,
                () -> read(deliveryFiles, utf8(EVENT_A + "\n" + EVENT_B + "\n")));
        assertEquals(LogFileProblem.NO_RECORDS, e.problem());
        assertTrue(e.getMessage().contains("newline-delimited events"), e.getMessage());
        assertTrue(e.getMessage().contains("not a CloudTrail delivery file"), e.getMessage());
    }

    @Test
    void aReaderOfDeliveryFilesRefusesOneEventAnArrayAndEmptyInput() {
        assertRefused(deliveryFiles, EVENT_A, LogFileProblem.NO_RECORDS, "no Records array at the top level");
        assertRefused(deliveryFiles, "[" + EVENT_A + "]", LogFileProblem.NOT_AN_OBJECT,
                "the top level is an array, not a CloudTrail delivery file");
        assertRefused(deliveryFiles, "", LogFileProblem.NOT_AN_OBJECT, "the input is empty");
        assertRefused(deliveryFiles, "{\"Records\":[]}\n{\"Records\":[]}", LogFileProblem.INVALID_JSON,
                "content after the top-level object");
        assertRefused(deliveryFiles, "{\"Records\":{}}", LogFileProblem.RECORDS_NOT_ARRAY, "not an array");
    }

    @Test
    void eachShapeIsTakenOnlyWhereItIsChosen() throws Exception {
        String file = "{\"Records\":[" + EVENT_A + "]}";
        String array = "[" + EVENT_A + "]";
        String lines = EVENT_A + "\n" + EVENT_B;
        assertEquals(List.of("a"), ids(only(Shape.ARRAY), utf8(array)));
        assertRefused(only(Shape.ARRAY), EVENT_A, LogFileProblem.NO_RECORDS, "not an array of events");
        assertEquals(List.of("a"), ids(only(Shape.SINGLE_EVENT), utf8(EVENT_A)));
        assertRefused(only(Shape.SINGLE_EVENT), lines, LogFileProblem.INVALID_JSON, "content after");
        assertRefused(only(Shape.SINGLE_EVENT), array, LogFileProblem.NOT_AN_OBJECT, "not an event");
        assertEquals(List.of("a", "b"), ids(only(Shape.NDJSON), utf8(lines)));
        assertEquals(List.of("a"), ids(only(Shape.DELIVERY_FILE, Shape.NDJSON), utf8(file)));
        assertRefused(only(Shape.DELIVERY_FILE, Shape.NDJSON), array, LogFileProblem.NOT_AN_OBJECT,
                "not a CloudTrail delivery file ({\"Records\":[...]}) or events one per line");
    }

    @Test
    void aReaderMustTakeSomeShape() {
        assertThrows(IllegalArgumentException.class,
                () -> CloudTrailReader.accepting(EnumSet.noneOf(Shape.class), MAX_RECORD, Long.MAX_VALUE));
    }

    private static CloudTrailReader only(Shape first, Shape... rest) {
        Set<Shape> shapes = EnumSet.of(first, rest);
        return CloudTrailReader.accepting(shapes, MAX_RECORD, Long.MAX_VALUE);
    }

    private static void assertRefused(CloudTrailReader reader, String input, LogFileProblem problem, String why) {
        LogFileException e = assertThrows(LogFileException.class, () -> read(reader, utf8(input)), input);
        assertEquals(problem, e.problem(), e.getMessage());
        assertTrue(e.getMessage().contains(why), e.getMessage());
    }

    private static List<String> ids(CloudTrailReader reader, byte[] input) throws Exception {
        RecordSplitterTest.Collected out = read(reader, input);
        assertEquals(List.of(), out.rejected);
        return out.ids();
    }

    private static RecordSplitterTest.Collected read(CloudTrailReader reader, byte[] input) throws Exception {
        RecordSplitterTest.Collected out = new RecordSplitterTest.Collected();
        reader.read(new ByteArrayInputStream(input), out);
        return out;
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** {@code {"Records":[...]}} of generated events, produced on demand and counting what was read. */
    private static final class CountingEventSource extends InputStream {
        private final int events;
        private int produced;
        private byte[] chunk = utf8("{\"Records\":[");
        private int position;
        private boolean finished;
        long bytesRead;
        boolean closed;

        CountingEventSource(int events) {
            this.events = events;
        }

        @Override
        public int read() {
            if (!fill()) {
                return -1;
            }
            bytesRead++;
            return chunk[position++] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            if (len == 0) {
                return 0;
            }
            if (!fill()) {
                return -1;
            }
            int n = Math.min(len, chunk.length - position);
            System.arraycopy(chunk, position, b, off, n);
            position += n;
            bytesRead += n;
            return n;
        }

        @Override
        public void close() {
            closed = true;
        }

        private boolean fill() {
            while (position == chunk.length) {
                if (finished) {
                    return false;
                }
                if (produced < events) {
                    String separator = produced == 0 ? "" : ",";
                    chunk = utf8(separator + "{\"eventID\":\"e" + produced + "\",\"eventName\":\"GetObject\","
                            + "\"padding\":\"" + "x".repeat(100) + "\"}");
                    produced++;
                } else {
                    chunk = utf8("]}");
                    finished = true;
                }
                position = 0;
            }
            return true;
        }
    }
}
