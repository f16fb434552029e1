package io.denywatch.common.cloudtrail;

import io.denywatch.embedded.SampleLogFiles;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.EnumSet;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Review probes of the read path; each test states the behaviour a reviewer expects. */
/** Damage in the first bytes, odd encodings and unusual gzip framing are classified, never retried forever. */
class DamagedContentTest {

    private final CloudTrailReader reader = CloudTrailReader.accepting(EnumSet.of(Shape.DELIVERY_FILE),
            256 * 1024, 64L << 20);

    /** A gzip file cut inside its 10-byte header: permanent damage, like any other truncated gzip. */
    @Test
    void aGzipCutInsideItsHeaderIsAPermanentProblem() {
        byte[] gz = SampleLogFiles.gzip("{\"Records\":[]}".getBytes(StandardCharsets.UTF_8));
        byte[] cut = Arrays.copyOf(gz, 5);
        Exception e = assertThrows(Exception.class,
                () -> reader.read(new ByteArrayInputStream(cut), new RecordSplitterTest.Collected()));
        assertInstanceOf(LogFileException.class, e, "got " + e);
    }

    /** A gzip header naming an unknown compression method: permanent damage (corrupt_gzip). */
    @Test
    void aGzipHeaderWithAnUnknownMethodIsAPermanentProblem() {
        byte[] gz = SampleLogFiles.gzip("{\"Records\":[]}".getBytes(StandardCharsets.UTF_8));
        gz[2] = 7; // CM: only 8 (deflate) exists
        Exception e = assertThrows(Exception.class,
                () -> reader.read(new ByteArrayInputStream(gz), new RecordSplitterTest.Collected()));
        assertInstanceOf(LogFileException.class, e, "got " + e);
    }

    /**
     * Two gzip members, delivered the way a socket can deliver them: the first read ends exactly at the member
     * boundary and available() says 0. The file is whole; it must not be judged damaged.
     */
    @Test
    void concatenatedMembersSurviveANetworkShapedStream() throws Exception {
        byte[] json = "{\"Records\":[{\"eventID\":\"1\"},{\"eventID\":\"2\"}]}".getBytes(StandardCharsets.UTF_8);
        byte[] first = SampleLogFiles.gzip(Arrays.copyOfRange(json, 0, 20));
        byte[] second = SampleLogFiles.gzip(Arrays.copyOfRange(json, 20, json.length));
        InputStream socketLike = new InputStream() {
            private final byte[][] parts = {first, second};
            private int part;
            private int pos;

            @Override
            public int read() {
                byte[] one = new byte[1];
                return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
            }

            @Override
            public int read(byte[] b, int off, int len) {
                if (part >= parts.length) {
                    return -1;
                }
                int n = Math.min(len, parts[part].length - pos);
                System.arraycopy(parts[part], pos, b, off, n);
                pos += n;
                if (pos == parts[part].length) {
                    part++;
                    pos = 0;
                }
                return n;
            }

            @Override
            public int available() {
                return 0; // nothing buffered yet: the next packet has not arrived
            }
        };
        RecordSplitterTest.Collected out = new RecordSplitterTest.Collected();
        reader.read(socketLike, out);
        assertEquals(2, out.accepted.size());
    }

    /** A UTF-8 BOM before the object: every record still comes out as its exact original bytes. */
    @Test
    void aByteOrderMarkDoesNotShiftTheRecords() throws Exception {
        String json = "{\"Records\":[{\"eventID\":\"é1\",\"a\":\"ü\"},{\"eventID\":\"2\"}]}";
        ByteArrayOutputStream withBom = new ByteArrayOutputStream();
        withBom.write(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF});
        withBom.write(json.getBytes(StandardCharsets.UTF_8));
        RecordSplitterTest.Collected out = new RecordSplitterTest.Collected();
        reader.read(new ByteArrayInputStream(withBom.toByteArray()), out);
        assertEquals(2, out.accepted.size());
        assertArrayEquals("{\"eventID\":\"é1\",\"a\":\"ü\"}".getBytes(StandardCharsets.UTF_8),
                out.accepted.get(0).bytes());
        assertArrayEquals("{\"eventID\":\"2\"}".getBytes(StandardCharsets.UTF_8), out.accepted.get(1).bytes());
    }

    /**
     * A file that is not UTF-8 (UTF-16 here) has no byte offsets in Jackson: it must fail as a file, not be split
     * into "too large" records of size 0 while the file counts as ingested.
     */
    @Test
    void aUtf16FileIsAFileProblemNotAPileOfTooLargeRecords() throws Exception {
        byte[] utf16 = "{\"Records\":[{\"eventID\":\"1\"},{\"eventID\":\"2\"}]}".getBytes(StandardCharsets.UTF_16BE);
        RecordSplitterTest.Collected out = new RecordSplitterTest.Collected();
        Exception e = null;
        try {
            reader.read(new ByteArrayInputStream(utf16), out);
        } catch (Exception thrown) {
            e = thrown;
        }
        assertInstanceOf(LogFileException.class, e, "accepted=" + out.accepted.size() + " rejected="
                + out.rejected.stream().map(r -> r.problem() + "/size=" + r.size()).toList());
    }

    /** The size and excerpt of an element that is not an object describe the whole element. */
    @Test
    void aRejectedStringElementIsMeasuredWhole() throws Exception {
        RecordSplitterTest.Collected out = new RecordSplitterTest.Collected();
        reader.read(new ByteArrayInputStream("{\"Records\":[\"abcdefghij\",{\"eventID\":\"1\"}]}"
                .getBytes(StandardCharsets.UTF_8)), out);
        assertEquals(1, out.accepted.size());
        assertEquals(12, out.rejected.get(0).size(), "excerpt=" + out.rejected.get(0).excerpt());
    }

    /** Garbage that Jackson takes for an odd UCS-4 byte order is damaged content, not a transient failure. */
    @Test
    void garbageThatLooksLikeUcs4IsAPermanentProblem() {
        byte[] garbage = {0x00, 0x00, (byte) 0xFF, (byte) 0xFE, 0x7B, 0x7D};
        Exception e = assertThrows(Exception.class,
                () -> reader.read(new ByteArrayInputStream(garbage), new RecordSplitterTest.Collected()));
        assertInstanceOf(LogFileException.class, e, "got " + e);
    }
}
