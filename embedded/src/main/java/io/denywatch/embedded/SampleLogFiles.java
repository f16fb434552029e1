package io.denywatch.embedded;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.zip.GZIPOutputStream;

/**
 * Real CloudTrail delivery files bundled with denywatch (55 files, 2,900 events from one account on 2023-07-10,
 * MIT-licensed; see {@code samples/invictus-ir/LICENSE}): the demo's data, the benchmark's seed and the tests'
 * fixtures. Read from the classpath, so they work from the runnable jar as well as from a build tree.
 */
public final class SampleLogFiles {

    private static final String ROOT = "samples/invictus-ir/";

    private SampleLogFiles() {
    }

    /** The file names, in delivery order. */
    public static List<String> names() {
        try (InputStream in = open("index.txt");
             BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            return reader.lines().map(String::trim).filter(l -> !l.isEmpty()).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** One file's bytes, as CloudTrail wrote them (uncompressed JSON). */
    public static byte[] bytes(String name) {
        try (InputStream in = open(name)) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The S3 key CloudTrail delivers a file under: {@code [prefix/]AWSLogs/<account>/CloudTrail/<region>/YYYY/MM/DD/
     * <name>.gz}, taken apart from the file's own name.
     */
    public static String s3Key(String prefix, String name) {
        String[] parts = name.split("_");
        String account = parts[0];
        String region = parts[2];
        String stamp = parts[3];
        String day = stamp.substring(0, 4) + "/" + stamp.substring(4, 6) + "/" + stamp.substring(6, 8);
        String gz = name.endsWith(".gz") ? name : name + ".gz";
        return (prefix == null || prefix.isEmpty() ? "" : prefix + "/") + "AWSLogs/" + account + "/CloudTrail/"
                + region + "/" + day + "/" + gz;
    }

    /** Gzip-compressed, as CloudTrail stores a file in S3. */
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

    private static InputStream open(String name) throws IOException {
        InputStream in = SampleLogFiles.class.getResourceAsStream(ROOT + name);
        if (in == null) {
            throw new IOException("sample " + name + " is missing from the classpath");
        }
        return in;
    }
}
