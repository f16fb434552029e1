package io.denywatch.ingest.testing;

import io.denywatch.embedded.SampleLogFiles;

import java.io.InputStream;
import java.util.List;

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
        return SampleLogFiles.gzip(plain);
    }

    /** A stream that hands out at most {@code chunk} bytes per read, to exercise buffer boundaries. */
    public static InputStream trickle(byte[] bytes, int chunk) {
        return SampleLogFiles.trickle(bytes, chunk);
    }
}
