package io.denywatch.analyzer.classify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;

import io.denywatch.common.json.Json;
import io.denywatch.embedded.SampleLogFiles;

class EventReaderTest {

    private static final String EVENT_A = "{\"eventID\":\"a\",\"eventName\":\"GetObject\"}";
    private static final String EVENT_B = "{\"eventID\":\"b\",\"eventName\":\"PutObject\"}";

    @TempDir
    Path dir;

    @Test
    void readsARealDeliveryFile() throws IOException {
        byte[] file = SampleLogFiles.bytes(SampleLogFiles.names().get(0));
        List<String> ids = ids(file);
        JsonNode records = Json.mapper().readTree(file).get("Records");
        assertEquals(records.size(), ids.size());
        assertEquals(records.get(0).get("eventID").asText(), ids.get(0));
        assertEquals(records.get(records.size() - 1).get("eventID").asText(), ids.get(ids.size() - 1));
    }

    @Test
    void recognisesGzipByItsMagicBytesNotItsName() throws IOException {
        byte[] file = SampleLogFiles.bytes(SampleLogFiles.names().get(1));
        assertEquals(ids(file), ids(gzip(file)));
    }

    @Test
    void readsAGzippedFileFromDisk() throws IOException {
        byte[] file = SampleLogFiles.bytes(SampleLogFiles.names().get(2));
        Path gz = dir.resolve("delivery.json.gz");
        Files.write(gz, gzip(file));
        List<String> ids = new ArrayList<>();
        try (EventReader reader = EventReader.open(gz)) {
            reader.forEachRemaining(e -> ids.add(e.get("eventID").asText()));
        }
        assertEquals(ids(file), ids);
    }

    @Test
    void readsNewlineDelimitedEvents() throws IOException {
        assertEquals(List.of("a", "b"), ids(utf8(EVENT_A + "\n\n" + EVENT_B + "\n")));
    }

    @Test
    void readsOneEvent() throws IOException {
        assertEquals(List.of("a"), ids(utf8(EVENT_A)));
    }

    @Test
    void readsAnArrayOfEvents() throws IOException {
        assertEquals(List.of("a", "b"), ids(utf8("[" + EVENT_A + ", " + EVENT_B + "]")));
    }

    @Test
    void readsDeliveryFilesOneAfterAnother() throws IOException {
        String file = "{\"Records\":[" + EVENT_A + "," + EVENT_B + "]}";
        assertEquals(List.of("a", "b", "a", "b"), ids(utf8(file + "\n" + file)));
    }

    @Test
    void readsRecordsThatAreNotTheFirstField() throws IOException {
        assertEquals(List.of("a", "b"), ids(utf8("{\"note\":{\"x\":[1]},\"Records\":[" + EVENT_A + "," + EVENT_B
                + "]}")));
    }

    @Test
    void skipsFieldsAfterRecords() throws IOException {
        assertEquals(List.of("a", "b"), ids(utf8("{\"Records\":[" + EVENT_A + "],\"trailer\":{\"x\":[1,2]}}"
                + EVENT_B)));
    }

    @Test
    void emptyInputHasNoEvents() throws IOException {
        assertEquals(List.of(), ids(new byte[0]));
        assertEquals(List.of(), ids(utf8("{\"Records\":[]}")));
    }

    @Test
    void returnsTheFirstEventBeforeReadingTheRestOfALargeFile() throws IOException {
        int events = 20_000;
        CountingEventSource source = new CountingEventSource(events);
        try (EventReader reader = EventReader.open(source)) {
            assertEquals("e0", reader.next().get("eventID").asText());
            assertTrue(source.bytesRead < 256 * 1024, "read " + source.bytesRead + " bytes for one event");
            int count = 1;
            while (reader.hasNext()) {
                reader.next();
                count++;
            }
            assertEquals(events, count);
            assertTrue(source.bytesRead > 1_000_000, "the whole input was read by the end");
        }
    }

    @Test
    void streamClosesTheReader() throws IOException {
        CountingEventSource source = new CountingEventSource(3);
        try (Stream<JsonNode> events = EventReader.open(source).stream()) {
            assertEquals(3, events.count());
        }
        assertTrue(source.closed);
    }

    @Test
    void textThatIsNotJsonIsReportedWithItsPosition() {
        UnreadableInputException e = assertThrows(UnreadableInputException.class, () -> ids(utf8("hello world")));
        assertTrue(e.getMessage().contains("not valid JSON (line 1"), e.getMessage());
    }

    @Test
    void aTopLevelValueThatIsNoEventIsRefused() {
        UnreadableInputException e = assertThrows(UnreadableInputException.class, () -> ids(utf8("\"Records\"")));
        assertTrue(e.getMessage().contains("the top-level value is a string, not an event"), e.getMessage());
    }

    @Test
    void aRecordThatIsNoObjectIsRefused() {
        UnreadableInputException e = assertThrows(UnreadableInputException.class,
                () -> ids(utf8("{\"Records\":[" + EVENT_A + ", 42]}")));
        assertTrue(e.getMessage().contains("a number, not an event"), e.getMessage());
        assertTrue(e.getMessage().contains("after 1 events"), e.getMessage());
    }

    @Test
    void eventsBeforeDamageAreReturnedFirst() throws IOException {
        List<String> seen = new ArrayList<>();
        try (EventReader reader = EventReader.open(new ByteArrayInputStream(utf8("{\"Records\":[" + EVENT_A + ","
                + EVENT_B + ",{\"eventID\":")))) {
            UnreadableInputException e = assertThrows(UnreadableInputException.class,
                    () -> reader.forEachRemaining(event -> seen.add(event.get("eventID").asText())));
            assertTrue(e.getMessage().contains("after 2 events"), e.getMessage());
        }
        assertEquals(List.of("a", "b"), seen);
    }

    @Test
    void damagedGzipIsReportedAsSuch() throws IOException {
        byte[] gz = gzip(SampleLogFiles.bytes(SampleLogFiles.names().get(0)));
        byte[] cut = Arrays.copyOf(gz, gz.length / 2);
        UnreadableInputException e = assertThrows(UnreadableInputException.class, () -> ids(cut));
        assertTrue(e.getMessage().contains("gzip data is damaged or cut short"), e.getMessage());
    }

    private static List<String> ids(byte[] input) throws IOException {
        List<String> ids = new ArrayList<>();
        try (EventReader reader = EventReader.open(new ByteArrayInputStream(input))) {
            reader.forEachRemaining(e -> ids.add(e.get("eventID").asText()));
        }
        return ids;
    }

    private static byte[] gzip(byte[] data) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(data);
        }
        return out.toByteArray();
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
