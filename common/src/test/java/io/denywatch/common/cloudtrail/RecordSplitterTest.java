package io.denywatch.common.cloudtrail;

import com.fasterxml.jackson.databind.JsonNode;
import io.denywatch.common.json.Json;
import io.denywatch.embedded.SampleLogFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RecordSplitterTest {

    private static final int MAX_RECORD = 256 * 1024;
    private static final Set<Shape> DELIVERY_FILES = EnumSet.of(Shape.DELIVERY_FILE);
    private final RecordSplitter splitter = new RecordSplitter(Json.factory(), MAX_RECORD, Long.MAX_VALUE,
            DELIVERY_FILES);

    @Test
    void everyRealRecordComesOutAsItsExactOriginalBytesWithItsHeaderFields() throws Exception {
        int total = 0;
        for (String file : SampleLogFiles.names()) {
            byte[] content = SampleLogFiles.bytes(file);
            Collected out = split(new ByteArrayInputStream(content));
            JsonNode records = Json.mapper().readTree(content).get("Records");
            assertEquals(records.size(), out.accepted.size(), file.toString());
            int searchFrom = 0;
            for (int i = 0; i < records.size(); i++) {
                CloudTrailRecord r = out.accepted.get(i);
                int at = indexOf(content, r.bytes(), searchFrom);
                assertTrue(at >= 0, "record " + i + " of " + file + " is not a byte range of the file");
                searchFrom = at + r.bytes().length;
                JsonNode expected = records.get(i);
                assertEquals(expected, Json.mapper().readTree(r.bytes()));
                assertEquals(i, r.index());
                assertEquals(text(expected, "eventID"), r.eventId());
                assertEquals(text(expected, "errorCode"), r.errorCode());
                assertEquals(text(expected, "eventSource"), r.eventSource());
                assertEquals(text(expected, "eventName"), r.eventName());
                assertEquals(text(expected, "eventTime"), r.eventTime());
                assertEquals(text(expected, "recipientAccountId"), r.recipientAccountId());
            }
            total += records.size();
        }
        assertEquals(2900, total, "the real data set holds 2,900 records");
    }

    /** A sink that wants only the errors' bytes gets them, and every other record by its fields alone. */
    @Test
    void aSinkThatDeclinesARecordsBytesStillGetsTheRecordByItsFields() throws Exception {
        byte[] content = SampleLogFiles.bytes(SampleLogFiles.names().get(1));
        Collected whole = split(new ByteArrayInputStream(content));
        Collected errorsOnly = new Collected() {
            @Override
            public boolean wantsBytes(CloudTrailRecord fields) {
                assertNull(fields.bytes(), "asked before the copy");
                return fields.errorCode() != null;
            }
        };
        splitter.split(new ByteArrayInputStream(content), errorsOnly);
        assertEquals(whole.accepted.size(), errorsOnly.accepted.size());
        long errors = 0;
        for (int i = 0; i < whole.accepted.size(); i++) {
            CloudTrailRecord all = whole.accepted.get(i);
            CloudTrailRecord some = errorsOnly.accepted.get(i);
            assertEquals(all.withBytes(null), some.withBytes(null), "the same fields");
            if (all.errorCode() != null) {
                errors++;
                assertArrayEquals(all.bytes(), some.bytes());
            } else {
                assertNull(some.bytes());
            }
        }
        assertTrue(errors > 0 && errors < whole.accepted.size(), "the file holds both kinds: " + errors);
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 3, 7, 4096})
    void boundariesOfTheUnderlyingReadsDoNotChangeTheBytes(int chunk) throws Exception {
        byte[] content = SampleLogFiles.bytes(SampleLogFiles.names().get(1));
        Collected whole = split(new ByteArrayInputStream(content));
        Collected trickled = split(SampleLogFiles.trickle(content, chunk));
        assertEquals(whole.accepted.size(), trickled.accepted.size());
        for (int i = 0; i < whole.accepted.size(); i++) {
            assertArrayEquals(whole.accepted.get(i).bytes(), trickled.accepted.get(i).bytes());
        }
    }

    @Test
    void aWindowSmallerThanTheFileStillYieldsEveryRecordIntact() throws Exception {
        // Many records through a window that wraps around many times.
        StringBuilder json = new StringBuilder("{\"Records\":[");
        for (int i = 0; i < 5000; i++) {
            json.append(i == 0 ? "" : ",").append("{\"eventID\":\"id-").append(i)
                    .append("\",\"pad\":\"").append("x".repeat(i % 700)).append("\"}");
        }
        json.append("]}");
        RecordSplitter small = new RecordSplitter(Json.factory(), 2048, Long.MAX_VALUE, DELIVERY_FILES);
        Collected out = new Collected();
        small.split(SampleLogFiles.trickle(json.toString().getBytes(StandardCharsets.UTF_8), 9000), out);
        assertEquals(5000, out.accepted.size());
        for (int i = 0; i < 5000; i++) {
            String expected = "{\"eventID\":\"id-" + i + "\",\"pad\":\"" + "x".repeat(i % 700) + "\"}";
            assertEquals(expected, new String(out.accepted.get(i).bytes(), StandardCharsets.UTF_8));
        }
    }

    @Test
    void escapesUnicodeAndWhitespaceAreKeptAsWritten() throws Exception {
        String record = "{ \"eventID\" : \"a\\u0062c\", \"userAgent\":\"caf\u00e9 \\\"q\\\" \\n\",\n  \"n\": 1.50e3 }";
        Collected out = split("{\"Records\":[ " + record + " ]}");
        assertEquals(record, new String(out.accepted.get(0).bytes(), StandardCharsets.UTF_8));
        assertEquals("abc", out.accepted.get(0).eventId());
    }

    @Test
    void onlyTopLevelStringFieldsBecomeHeaderFields() throws Exception {
        Collected out = split("{\"Records\":[{\"requestParameters\":{\"eventID\":\"nested\",\"errorCode\":\"X\"},"
                + "\"eventTime\":12345,\"errorCode\":null,\"eventName\":[\"a\"]}]}");
        CloudTrailRecord r = out.accepted.get(0);
        assertNull(r.eventId());
        assertNull(r.errorCode());
        assertNull(r.eventTime());
        assertNull(r.eventName());
    }

    @Test
    void elementsThatAreNotObjectsAreRejectedOneByOneAndTheRestGoesOn() throws Exception {
        Collected out = split("{\"Records\":[{\"eventID\":\"1\"},42,\"text\",[1,{\"a\":2}],null,{\"eventID\":\"2\"}]}");
        assertEquals(List.of("1", "2"), out.accepted.stream().map(CloudTrailRecord::eventId).toList());
        assertEquals(List.of(1, 2, 3, 4), out.rejected.stream().map(RejectedRecord::index).toList());
        assertTrue(out.rejected.stream().allMatch(r -> r.problem() == LogFileProblem.RECORD_NOT_AN_OBJECT));
        assertEquals("[1,{\"a\":2}]", out.rejected.get(2).excerpt());
        assertEquals(5, out.accepted.get(1).index());
    }

    @Test
    void aRecordOverTheLimitIsRejectedAndTheFollowingRecordsStillPass() throws Exception {
        String big = "{\"eventID\":\"big\",\"requestParameters\":{\"policy\":\"" + "p".repeat(MAX_RECORD) + "\"}}";
        String frame = "{\"eventID\":\"edge\",\"x\":\"\"}";
        String atLimit = frame.replace("\"x\":\"\"", "\"x\":\"" + "q".repeat(MAX_RECORD - frame.length()) + "\"");
        assertEquals(MAX_RECORD, atLimit.length());
        Collected out = split("{\"Records\":[{\"eventID\":\"before\"}," + big + "," + atLimit + ",{\"eventID\":\"after\"}]}");
        assertEquals(List.of("before", "edge", "after"), out.accepted.stream().map(CloudTrailRecord::eventId).toList());
        assertEquals(1, out.rejected.size());
        RejectedRecord rejected = out.rejected.get(0);
        assertEquals(LogFileProblem.RECORD_TOO_LARGE, rejected.problem());
        assertEquals(1, rejected.index());
        assertEquals(big.length(), rejected.size());
    }

    @Test
    void aHugeRecordDoesNotGrowMemoryBeyondTheWindow() throws Exception {
        // 64 MB of one record, streamed: the splitter must skip it with its fixed window, not buffer it.
        InputStream huge = new SequenceOfParts("{\"Records\":[{\"eventID\":\"huge\",\"pad\":\"", 'z', 64L << 20,
                "\"},{\"eventID\":\"next\"}]}");
        Collected out = split(huge);
        assertEquals(List.of("next"), out.accepted.stream().map(CloudTrailRecord::eventId).toList());
        assertEquals(LogFileProblem.RECORD_TOO_LARGE, out.rejected.get(0).problem());
    }

    @Test
    void theDecompressedSizeBoundStopsAFileThatNeverEnds() {
        RecordSplitter bounded = new RecordSplitter(Json.factory(), MAX_RECORD, 1 << 20, DELIVERY_FILES);
        InputStream endless = new SequenceOfParts("{\"Records\":[", ' ', 10L << 20, "]}");
        LogFileException e = assertThrows(LogFileException.class, () -> bounded.split(endless, new Collected()));
        assertEquals(LogFileProblem.TOO_LARGE_DECOMPRESSED, e.problem());
    }

    @Test
    void fileLevelProblemsAreNamed() {
        assertProblem("[{\"eventID\":\"1\"}]", LogFileProblem.NOT_AN_OBJECT);
        assertProblem("{\"Records\":{\"eventID\":\"1\"}}", LogFileProblem.RECORDS_NOT_ARRAY);
        assertProblem("{\"Records\":\"none\"}", LogFileProblem.RECORDS_NOT_ARRAY);
        assertProblem("{\"Digest\":\"x\",\"logFiles\":[]}", LogFileProblem.NO_RECORDS);
        assertProblem("{\"Records\":[{\"eventID\":\"1\"},{\"eventID\":", LogFileProblem.INVALID_JSON);
        assertProblem("{\"Records\":[{\"eventID\":\"1\"}", LogFileProblem.INVALID_JSON);
        assertProblem("{\"Records\":[]} trailing", LogFileProblem.INVALID_JSON);
        assertProblem("", LogFileProblem.NOT_AN_OBJECT);
        assertProblem("not json", LogFileProblem.INVALID_JSON);
        assertProblem("{\"Records\":[" + "[".repeat(1000) + "]]}", LogFileProblem.INVALID_JSON);
    }

    @Test
    void invalidUtf32IsDamagedContentNotAStreamFailure() {
        // Zeros in the first bytes make Jackson decode UTF-32 itself; a code unit above U+10FFFF must still be
        // reported as a bad file (found by RecordSplitterFuzzTest).
        byte[] utf32 = {'{', 0, 0, 0, 0, 0, 1, 0, '}', '}', ' ', 't'};
        LogFileException e = assertThrows(LogFileException.class,
                () -> split(new ByteArrayInputStream(utf32)));
        assertEquals(LogFileProblem.INVALID_JSON, e.problem(), e.getMessage());
    }

    @Test
    void aRepeatedFieldGivesTheHeaderOfItsLastValue() throws Exception {
        // Found by RecordSplitterFuzzTest: the header kept the earlier string while the event, read by any JSON
        // reader downstream, holds the later value.
        Collected out = split("{\"Records\":[{\"eventName\":\"ReleaseAddress\",\"eventName\":5,"
                + "\"errorCode\":\"AccessDenied\",\"errorCode\":{\"a\":1},\"eventID\":1,\"eventID\":\"e2\"}]}");
        CloudTrailRecord r = out.accepted.get(0);
        assertNull(r.eventName());
        assertNull(r.errorCode());
        assertEquals("e2", r.eventId());
    }

    @Test
    void recordsBeforeDamageAreAlreadyPassedOn() {
        Collected out = new Collected();
        assertThrows(LogFileException.class, () -> splitter.split(
                new ByteArrayInputStream("{\"Records\":[{\"eventID\":\"1\"},{\"eventID\":\"2\"},{bad".getBytes(
                        StandardCharsets.UTF_8)), out));
        assertEquals(List.of("1", "2"), out.accepted.stream().map(CloudTrailRecord::eventId).toList());
    }

    @Test
    void otherTopLevelFieldsAroundRecordsAreIgnored() throws Exception {
        Collected out = split("{\"before\":{\"a\":[1,2]},\"Records\":[{\"eventID\":\"1\"}],\"after\":\"x\"}");
        assertEquals(1, out.accepted.size());
        assertEquals(0, split("{\"Records\":[]}").accepted.size());
    }

    private Collected split(String json) throws Exception {
        return split(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)));
    }

    private Collected split(InputStream in) throws Exception {
        Collected out = new Collected();
        splitter.split(in, out);
        return out;
    }

    private void assertProblem(String json, LogFileProblem expected) {
        LogFileException e = assertThrows(LogFileException.class, () -> split(json), json);
        assertEquals(expected, e.problem(), e.getMessage());
    }

    private static String text(JsonNode node, String field) {
        JsonNode v = node.get(field);
        return v != null && v.isTextual() ? v.asText() : null;
    }

    private static int indexOf(byte[] haystack, byte[] needle, int from) {
        outer:
        for (int i = from; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    /** Collects what the splitter passes on. */
    static class Collected implements RecordSink {
        final List<CloudTrailRecord> accepted = new ArrayList<>();
        final List<RejectedRecord> rejected = new ArrayList<>();

        @Override
        public void accept(CloudTrailRecord record) {
            accepted.add(record);
        }

        @Override
        public void reject(RejectedRecord r) {
            rejected.add(r);
        }

        List<String> ids() {
            return accepted.stream().map(CloudTrailRecord::eventId).toList();
        }
    }

    /** head + {@code count} copies of one byte + tail, generated on the fly without holding it. */
    static final class SequenceOfParts extends InputStream {
        private final byte[] head;
        private final byte fill;
        private final long count;
        private final byte[] tail;
        private long pos;

        SequenceOfParts(String head, char fill, long count, String tail) {
            this.head = head.getBytes(StandardCharsets.UTF_8);
            this.fill = (byte) fill;
            this.count = count;
            this.tail = tail.getBytes(StandardCharsets.UTF_8);
        }

        @Override
        public int read() {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0];
        }

        @Override
        public int read(byte[] b, int off, int len) {
            long total = head.length + count + tail.length;
            if (pos >= total) {
                return -1;
            }
            int n = (int) Math.min(len, total - pos);
            for (int i = 0; i < n; i++) {
                long p = pos + i;
                b[off + i] = p < head.length ? head[(int) p]
                        : p < head.length + count ? fill : tail[(int) (p - head.length - count)];
            }
            pos += n;
            return n;
        }

        @Override
        public void close() throws IOException {
            Arrays.fill(head, (byte) 0);
        }
    }
}
