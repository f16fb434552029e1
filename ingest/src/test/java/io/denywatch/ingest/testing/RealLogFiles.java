package io.denywatch.ingest.testing;

import io.denywatch.embedded.SampleLogFiles;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.zip.GZIPOutputStream;

/**
 * The real CloudTrail delivery files bundled with denywatch ({@link SampleLogFiles}), and helpers to shape them as S3
 * holds them.
 */
public final class RealLogFiles {

    private RealLogFiles() {
    }

    /** Every real delivery file name, in delivery order. */
    public static List<String> all() {
        List<String> names = SampleLogFiles.names();
        if (names.isEmpty()) {
            throw new IllegalStateException("no real CloudTrail files bundled");
        }
        return names;
    }

    public static byte[] bytes(String name) {
        return SampleLogFiles.bytes(name);
    }

    public static byte[] gzip(byte[] plain) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(plain);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** A stream that hands out at most {@code chunk} bytes per read, to exercise buffer boundaries. */
    public static InputStream trickle(byte[] bytes, int chunk) {
        return new InputStream() {
            private int pos;
            private int turn;

            @Override
            public int read() {
                return pos < bytes.length ? bytes[pos++] & 0xff : -1;
            }

            @Override
            public int read(byte[] b, int off, int len) {
                if (pos >= bytes.length) {
                    return -1;
                }
                int n = Math.min(Math.min(len, 1 + (turn++ % chunk)), bytes.length - pos);
                System.arraycopy(bytes, pos, b, off, n);
                pos += n;
                return n;
            }
        };
    }
}
