package io.denywatch.cli.scan;

import io.denywatch.ingest.logfile.KeyVerdict;
import io.denywatch.ingest.logfile.LogFileKeys;
import io.denywatch.ingest.logfile.LogFileLister;
import io.denywatch.ingest.logfile.SkipReason;
import io.denywatch.ingest.notification.ObjectRef;
import io.denywatch.ingest.replay.Replayer;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Iterator;
import java.util.List;
import java.util.stream.Stream;

/** Lists what a scan reads: a local folder (or one file), or an S3 prefix, lazily. */
public final class ScanSources {

    private ScanSources() {
    }

    /**
     * The {@code .json} / {@code .json.gz} files under a folder, in name order. Digest, Insight and Config files of
     * an {@code AWSLogs/} copy are left out; any other name is read, since saved logs are often renamed.
     */
    public static Stream<ScanInput> local(Path root) {
        List<Path> files = Replayer.localFiles(root);
        return files.stream().filter(p -> !isNotEventFile(root.relativize(p).toString().replace('\\', '/')))
                .map(p -> new ScanInput() {
                    @Override
                    public String source() {
                        return p.toUri().toString();
                    }

                    @Override
                    public java.io.InputStream open() throws java.io.IOException {
                        return Files.newInputStream(p);
                    }
                });
    }

    /**
     * The event log files under {@code s3://bucket/prefix}: every one below the prefix, or, with a time range, those
     * delivered in it (listed by the date layout).
     */
    public static Iterator<ScanInput> s3(S3Client s3, String bucket, String prefix, Instant from, Instant to) {
        Stream<ObjectRef> refs;
        if (from != null) {
            refs = new LogFileLister(s3).list(bucket, prefix, from, to);
        } else {
            refs = s3.listObjectsV2Paginator(b -> b.bucket(bucket).prefix(prefix)).contents().stream()
                    .map(S3Object::key)
                    .filter(k -> LogFileKeys.classify(k) instanceof KeyVerdict.LogFile)
                    .map(k -> new ObjectRef(bucket, k));
        }
        return refs.map(ref -> (ScanInput) new ScanInput() {
            @Override
            public String source() {
                return ref.toString();
            }

            @Override
            public java.io.InputStream open() {
                return s3.getObject(b -> b.bucket(ref.bucket()).key(ref.key()));
            }
        }).iterator();
    }

    private static boolean isNotEventFile(String relative) {
        return LogFileKeys.classify(relative) instanceof KeyVerdict.Skipped skipped
                && skipped.reason() != SkipReason.NOT_CLOUDTRAIL;
    }
}
