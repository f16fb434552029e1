package io.denywatch.cli.scan;

import io.denywatch.ingest.logfile.DeliveryStamp;
import io.denywatch.ingest.logfile.KeyVerdict;
import io.denywatch.ingest.logfile.LogFileKeys;
import io.denywatch.ingest.logfile.LogFileLister;
import io.denywatch.ingest.logfile.SkipReason;
import io.denywatch.ingest.notification.ObjectRef;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.stream.Stream;

/** Lists what a scan reads: a local folder (or one file), or an S3 prefix, lazily. */
public final class ScanSources {

    private ScanSources() {
    }

    /**
     * Every regular file under a folder (or the one file), in delivery order as the replay reads them. Saved and
     * exported events come under any name ({@code .json}, {@code .ndjson}, {@code .log}, none) and compressed or not,
     * so the name decides nothing about the content; the reader tells the shapes apart. Left out are hidden files
     * and folders, and the Digest, Insight and Config files of an {@code AWSLogs/} copy.
     */
    public static Stream<ScanInput> local(Path root) {
        return listLocal(root).stream().map(p -> new ScanInput() {
            @Override
            public String source() {
                return p.toUri().toString();
            }

            @Override
            public InputStream open() throws IOException {
                return Files.newInputStream(p);
            }
        });
    }

    private static List<Path> listLocal(Path root) {
        if (Files.isRegularFile(root)) {
            return List.of(root);
        }
        try (Stream<Path> walk = Files.walk(root)) {
            return walk.filter(Files::isRegularFile)
                    .filter(p -> isScanned(slashes(p.toAbsolutePath()), slashes(root.relativize(p))))
                    // By the delivery time in CloudTrail's names across accounts and regions, as a trail delivers
                    // them, so the windows see events in time order; then by name.
                    .sorted(Comparator.comparing((Path p) -> DeliveryStamp.of(p.getFileName().toString()))
                            .thenComparing(Comparator.naturalOrder()))
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + root + ": " + e.getMessage(), e);
        }
    }

    /**
     * The objects under {@code s3://bucket/prefix}: every one below the prefix that a folder scan would read, or,
     * with a time range, the event log files delivered in it (listed by CloudTrail's date layout).
     */
    public static Iterator<ScanInput> s3(S3Client s3, String bucket, String prefix, Instant from, Instant to) {
        Stream<ObjectRef> refs;
        if (from != null) {
            refs = new LogFileLister(s3).list(bucket, prefix, from, to);
        } else {
            refs = s3.listObjectsV2Paginator(b -> b.bucket(bucket).prefix(prefix)).contents().stream()
                    .map(S3Object::key)
                    .filter(k -> isScanned(k, k.substring(prefix.length())))
                    .map(k -> new ObjectRef(bucket, k));
        }
        return refs.map(ref -> (ScanInput) new ScanInput() {
            @Override
            public String source() {
                return ref.toString();
            }

            @Override
            public InputStream open() {
                return s3.getObject(b -> b.bucket(ref.bucket()).key(ref.key()));
            }
        }).iterator();
    }

    /**
     * Whether a file or object is read: anything but a folder marker, a hidden file or one in a hidden folder below
     * the root or prefix, and the files CloudTrail and Config write beside the event logs.
     *
     * @param path     the whole path or key, whose {@code AWSLogs/} layout tells those files apart
     * @param relative the path or key below the root or prefix
     */
    static boolean isScanned(String path, String relative) {
        if (path.endsWith("/")) {
            return false;
        }
        for (String part : relative.split("/")) {
            if (part.startsWith(".")) {
                return false;
            }
        }
        return !(LogFileKeys.classify(path) instanceof KeyVerdict.Skipped skipped
                && skipped.reason() != SkipReason.NOT_CLOUDTRAIL);
    }

    private static String slashes(Path path) {
        return path.toString().replace('\\', '/');
    }
}
