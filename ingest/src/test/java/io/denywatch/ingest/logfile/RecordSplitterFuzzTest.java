package io.denywatch.ingest.logfile;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

import io.denywatch.common.cloudtrail.CloudTrailReader;
import io.denywatch.common.cloudtrail.CloudTrailRecord;
import io.denywatch.common.cloudtrail.LogFileException;
import io.denywatch.common.cloudtrail.LogFileProblem;
import io.denywatch.common.cloudtrail.RecordSink;
import io.denywatch.common.cloudtrail.RecordSplitter;
import io.denywatch.common.cloudtrail.RejectedRecord;
import io.denywatch.common.cloudtrail.SourceReadException;
import io.denywatch.common.cloudtrail.SplitSummary;
import io.denywatch.common.json.Json;
import io.denywatch.embedded.AllocationBudget;
import io.denywatch.ingest.pipeline.IngestPipeline;
import io.denywatch.ingest.testing.RealLogFiles;

/**
 * Coverage-guided fuzzing of {@link RecordSplitter} and {@link CloudTrailReader}: whatever the bytes, a file ends in
 * records, rejected records or a {@link LogFileException}; every record passed on is one JSON object, an exact slice of
 * the file, with header fields that match it.
 *
 * <p>A normal build replays the stored inputs in {@code RecordSplitterFuzzTestInputs/<method>}; see
 * {@code docs/fuzzing.md} for a fuzzing run.
 */
class RecordSplitterFuzzTest {

    private static final int MAX_RECORD = 256 * 1024;
    /** A record limit that short inputs exceed, and a window small enough to wrap around inside them. */
    private static final int SMALL_RECORD = 256;
    private static final int SMALL_WINDOW = SMALL_RECORD + 64 * 1024;
    private static final long MAX_FILE = 1024 * 1024;

    /** The reference reading: a whole tree, refusing repeated names, so that "the" Records array is well defined. */
    private static final ObjectMapper STRICT = JsonMapper.builder(Json.factory().rebuild()
                    .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build())
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private static final RecordSplitter SPLITTER = new RecordSplitter(Json.factory(), MAX_RECORD, MAX_FILE,
            IngestPipeline.SHAPES);
    private static final RecordSplitter SMALL = new RecordSplitter(Json.factory(), SMALL_RECORD,
            MAX_FILE + SMALL_WINDOW, IngestPipeline.SHAPES);
    private static final CloudTrailReader READER = new CloudTrailReader(SPLITTER);

    @FuzzTest(maxDuration = "5m")
    void split(byte[] data) throws Exception {
        Outcome whole = AllocationBudget.within(4L << 20, data.length,
                () -> run(SPLITTER, new ByteArrayInputStream(data)));
        whole.check(data, true);
        agreesWithAWholeTreeReading(data, whole);

        // The same file pushed far into a small window, so that records straddle its wrap-around point, and handed
        // over a few bytes at a time: the records that fit come out identical, the others are refused as too large.
        // A byte order mark stays first, where it means one.
        int bom = data.length >= 3 && data[0] == (byte) 0xef && data[1] == (byte) 0xbb && data[2] == (byte) 0xbf ? 3 : 0;
        byte[] head = spaces(bom + SMALL_WINDOW - 1 - (data.length % SMALL_RECORD));
        System.arraycopy(data, 0, head, 0, bom);
        InputStream padded = new SequenceInputStream(new ByteArrayInputStream(head),
                RealLogFiles.trickle(Arrays.copyOfRange(data, bom, data.length), 1 + data.length % 7));
        Outcome small = run(SMALL, padded);
        if (whole.failure != null) {
            assertNotNull(small.failure, "the padded file was accepted, the plain one refused: " + whole.failure);
            return;
        }
        assertNull(small.failure, () -> "the padded file was refused: " + small.failure);
        assertEquals(whole.indexes(), small.indexes());
        for (int i = 0, a = 0; i < whole.accepted.size(); i++) {
            CloudTrailRecord r = whole.accepted.get(i);
            if (r.bytes().length <= SMALL_RECORD) {
                CloudTrailRecord s = small.accepted.get(a++);
                assertArrayEquals(r.bytes(), s.bytes(), "record " + r.index());
                assertEquals(r, new CloudTrailRecord(s.index(), r.bytes(), s.eventId(), s.errorCode(),
                        s.eventSource(), s.eventName(), s.eventTime(), s.recipientAccountId()));
            } else {
                assertTrue(small.rejected.stream().anyMatch(x -> x.index() == r.index()
                        && x.problem() == LogFileProblem.RECORD_TOO_LARGE), "record " + r.index() + " lost");
            }
        }
    }

    /**
     * The stored-object path: gzip or plain, told apart by magic bytes. A damaged gzip stream, a gzip bomb or bad
     * JSON ends in {@link LogFileException}; a failure of the source itself always surfaces as
     * {@link SourceReadException}, never as a file that looks complete.
     */
    @FuzzTest(maxDuration = "5m")
    void read(byte[] data) throws Exception {
        // Work grows with the decompressed size, which a small gzip input can take up to the file limit.
        Outcome intact = AllocationBudget.within(4L << 20, Math.max(data.length, MAX_FILE),
                () -> run(READER, new ByteArrayInputStream(data)));
        intact.check(data, false);
        if (data.length == 0) {
            return;
        }
        int failAt = Math.floorMod(Arrays.hashCode(data), data.length);
        Outcome broken = run(READER, new FailingStream(data, failAt));
        assertNotNull(broken.failure, () -> "the source failed after " + failAt + " of " + data.length
                + " bytes, yet the file was read as complete");
    }

    private static void agreesWithAWholeTreeReading(byte[] data, Outcome whole) throws IOException {
        JsonNode records;
        try {
            // From text, so Jackson's own encoding detection (UTF-16, UTF-32) plays no part: CloudTrail writes UTF-8.
            String text = StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(data)).toString();
            JsonNode root = STRICT.readTree(text);
            if (root == null || !root.isObject() || !root.path("Records").isArray()) {
                return;
            }
            records = root.get("Records");
        } catch (CharacterCodingException | JsonProcessingException e) {
            return;
        }
        assertNull(whole.failure, () -> "valid JSON with a Records array was refused: " + whole.failure);
        assertEquals(records.size(), whole.accepted.size() + whole.rejected.size());
        for (CloudTrailRecord r : whole.accepted) {
            assertEquals(records.get(r.index()), Json.mapper().readTree(r.bytes()), "record " + r.index());
        }
        for (RejectedRecord r : whole.rejected) {
            assertEquals(LogFileProblem.RECORD_NOT_AN_OBJECT, r.problem());
            assertTrue(!records.get(r.index()).isObject(), "object " + r.index() + " was rejected");
        }
    }

    private static Outcome run(RecordSplitter splitter, InputStream in) {
        Outcome out = new Outcome();
        try {
            out.summary = splitter.split(in, out);
        } catch (LogFileException e) {
            out.failure = e;
        } catch (Exception | StackOverflowError e) {
            fail("split threw " + e, e);
        }
        return out;
    }

    private static Outcome run(CloudTrailReader reader, InputStream in) {
        Outcome out = new Outcome();
        try {
            out.summary = reader.read(in, out);
        } catch (LogFileException | SourceReadException e) {
            if (e instanceof SourceReadException && !(in instanceof FailingStream)) {
                fail("a byte array cannot fail to be read, yet: " + e, e);
            }
            out.failure = e;
        } catch (Exception | StackOverflowError e) {
            fail("read threw " + e, e);
        }
        return out;
    }

    private static byte[] spaces(int n) {
        byte[] b = new byte[n];
        Arrays.fill(b, (byte) ' ');
        return b;
    }

    /** What one file gave: records in order, and how it ended. */
    private static final class Outcome implements RecordSink {
        final List<CloudTrailRecord> accepted = new ArrayList<>();
        final List<RejectedRecord> rejected = new ArrayList<>();
        final List<Integer> order = new ArrayList<>();
        SplitSummary summary;
        IOException failure;

        @Override
        public void accept(CloudTrailRecord record) {
            accepted.add(record);
            order.add(record.index());
        }

        @Override
        public void reject(RejectedRecord record) {
            rejected.add(record);
            order.add(record.index());
        }

        List<Integer> indexes() {
            return order;
        }

        void check(byte[] data, boolean plain) throws IOException {
            for (int i = 0; i < order.size(); i++) {
                assertEquals(i, order.get(i), "records out of order");
            }
            if (failure == null) {
                assertNotNull(summary);
                assertEquals(accepted.size(), summary.records());
                assertEquals(rejected.size(), summary.rejected());
            }
            int from = 0;
            for (CloudTrailRecord r : accepted) {
                assertTrue(r.bytes().length <= MAX_RECORD);
                JsonNode tree = singleObject(r.bytes());
                assertHeader(tree, "eventID", r.eventId());
                assertHeader(tree, "errorCode", r.errorCode());
                assertHeader(tree, "eventSource", r.eventSource());
                assertHeader(tree, "eventName", r.eventName());
                assertHeader(tree, "eventTime", r.eventTime());
                assertHeader(tree, "recipientAccountId", r.recipientAccountId());
                if (plain) {
                    int at = indexOf(data, r.bytes(), from);
                    assertTrue(at >= 0, "record " + r.index() + " is not a slice of the file, in order");
                    from = at + r.bytes().length;
                }
            }
        }
    }

    /** The bytes as exactly one JSON object, nothing before or after it. */
    private static JsonNode singleObject(byte[] bytes) throws IOException {
        try (JsonParser p = Json.factory().createParser(bytes)) {
            assertEquals(JsonToken.START_OBJECT, p.nextToken(), "a record does not start with an object");
            JsonNode tree = Json.mapper().readTree(p);
            assertNull(p.nextToken(), "a record holds more than one value");
            return tree;
        }
    }

    /** Where the event has the field as a string, the header carries that string; a header is never invented. */
    private static void assertHeader(JsonNode tree, String field, String header) {
        JsonNode value = tree.get(field);
        if (value != null && value.isTextual()) {
            assertEquals(value.textValue(), header, field);
        } else if (header != null) {
            fail(field + " header " + header + " but the event has " + value);
        }
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

    /** The stored bytes up to {@code failAt}, then a network failure. */
    private static final class FailingStream extends InputStream {
        private final byte[] data;
        private final int failAt;
        private int pos;

        FailingStream(byte[] data, int failAt) {
            this.data = data;
            this.failAt = failAt;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (pos >= failAt) {
                throw new IOException("connection reset");
            }
            int n = Math.min(len, failAt - pos);
            System.arraycopy(data, pos, b, off, n);
            pos += n;
            return n;
        }

        @Override
        public int available() {
            return Math.max(0, failAt - pos);
        }
    }
}
