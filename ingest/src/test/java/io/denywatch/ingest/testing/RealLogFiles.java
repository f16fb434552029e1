package io.denywatch.ingest.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;

/** The real CloudTrail delivery files in the test resources, and helpers to shape them as S3 holds them. */
public final class RealLogFiles {

    private RealLogFiles() {
    }

    /** Every real delivery file, sorted by name. */
    public static List<Path> all() {
        try {
            Path dir = Path.of(RealLogFiles.class.getResource("/cloudtrail/invictus-ir").toURI());
            try (Stream<Path> files = Files.list(dir)) {
                List<Path> found = files.filter(p -> p.getFileName().toString().endsWith(".json")).sorted().toList();
                if (found.isEmpty()) {
                    throw new IllegalStateException("no real CloudTrail files under " + dir);
                }
                return found;
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    public static byte[] bytes(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
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

    /** The S3 key CloudTrail would deliver this file under. */
    public static String s3Key(String prefix, Path file) {
        String name = file.getFileName().toString();
        String[] parts = name.split("_");
        String account = parts[0];
        String region = parts[2];
        String stamp = parts[3];
        String day = stamp.substring(0, 4) + "/" + stamp.substring(4, 6) + "/" + stamp.substring(6, 8);
        return (prefix.isEmpty() ? "" : prefix + "/") + "AWSLogs/" + account + "/CloudTrail/" + region + "/" + day
                + "/" + name + ".gz";
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
