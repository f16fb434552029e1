package io.denywatch.common.cloudtrail;

import io.denywatch.embedded.SampleLogFiles;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.EnumSet;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class CloudTrailReaderTest {

    private final CloudTrailReader reader = CloudTrailReader.accepting(EnumSet.of(Shape.DELIVERY_FILE),
            256 * 1024, 64L << 20);

    private final byte[] plain = SampleLogFiles.bytes(SampleLogFiles.names().get(0));

    @Test
    void gzipAndPlainJsonGiveTheSameRecordsWhateverTheName() throws Exception {
        RecordSplitterTest.Collected fromPlain = read(plain);
        RecordSplitterTest.Collected fromGzip = read(SampleLogFiles.gzip(plain));
        assertEquals(fromPlain.accepted.size(), fromGzip.accepted.size());
        for (int i = 0; i < fromPlain.accepted.size(); i++) {
            assertArrayEquals(fromPlain.accepted.get(i).bytes(), fromGzip.accepted.get(i).bytes());
        }
    }

    @Test
    void concatenatedGzipMembersAreReadAsOneStream() throws Exception {
        byte[] json = "{\"Records\":[{\"eventID\":\"1\"},{\"eventID\":\"2\"}]}".getBytes(StandardCharsets.UTF_8);
        byte[] first = SampleLogFiles.gzip(Arrays.copyOfRange(json, 0, 20));
        byte[] second = SampleLogFiles.gzip(Arrays.copyOfRange(json, 20, json.length));
        ByteArrayOutputStream both = new ByteArrayOutputStream();
        both.write(first);
        both.write(second);
        assertEquals(2, read(both.toByteArray()).accepted.size());
    }

    @Test
    void aTruncatedGzipIsAPermanentProblem() {
        byte[] gz = SampleLogFiles.gzip(plain);
        byte[] cut = Arrays.copyOf(gz, gz.length / 2);
        LogFileException e = assertThrows(LogFileException.class, () -> read(cut));
        assertEquals(LogFileProblem.TRUNCATED_GZIP, e.problem());
    }

    @Test
    void aCorruptGzipIsAPermanentProblem() {
        byte[] gz = SampleLogFiles.gzip(plain);
        for (int i = 20; i < 200; i++) {
            gz[i] = (byte) (gz[i] ^ 0x5a);
        }
        LogFileException e = assertThrows(LogFileException.class, () -> read(gz));
        assertEquals(LogFileProblem.CORRUPT_GZIP, e.problem());
    }

    @Test
    void aGzipBombIsStoppedByTheDecompressedBound() {
        ByteArrayOutputStream json = new ByteArrayOutputStream();
        byte[] spaces = new byte[1 << 20];
        Arrays.fill(spaces, (byte) ' ');
        json.writeBytes("{\"Records\":[".getBytes(StandardCharsets.UTF_8));
        for (int i = 0; i < 100; i++) {
            json.writeBytes(spaces);
        }
        byte[] bomb = SampleLogFiles.gzip(json.toByteArray());
        LogFileException e = assertThrows(LogFileException.class, () -> read(bomb));
        assertEquals(LogFileProblem.TOO_LARGE_DECOMPRESSED, e.problem());
        assertEquals(true, bomb.length < 200_000, "the bomb is small when compressed: " + bomb.length);
    }

    @Test
    void aFailingSourceStreamIsTransientNotAFileProblem() {
        InputStream broken = new SequenceInputStream(new ByteArrayInputStream(Arrays.copyOf(SampleLogFiles.gzip(plain),
                1000)), new InputStream() {
            @Override
            public int read() throws IOException {
                throw new IOException("Connection reset");
            }
        });
        assertThrows(SourceReadException.class, () -> reader.read(broken, new RecordSplitterTest.Collected()));
    }

    private RecordSplitterTest.Collected read(byte[] stored) throws Exception {
        RecordSplitterTest.Collected out = new RecordSplitterTest.Collected();
        reader.read(new ByteArrayInputStream(stored), out);
        return out;
    }
}
