package io.denywatch.ingest.replay;

import io.denywatch.ingest.logfile.DeliveryStamp;
import io.denywatch.ingest.logfile.LogFileLister;
import io.denywatch.ingest.notification.ObjectRef;
import io.denywatch.ingest.pipeline.FileIngestor;
import io.denywatch.ingest.pipeline.FileOutcome;
import io.denywatch.ingest.pipeline.S3FileSource;
import software.amazon.awssdk.services.s3.S3Client;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Iterator;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * Feeds log files into the raw topic without SQS: from a local directory of {@code .json} / {@code .json.gz} files,
 * or from S3 by the CloudTrail date layout over a delivery-time range. Same parse-and-produce path as the queue.
 */
public final class Replayer {

    private final FileIngestor files;

    public Replayer(FileIngestor files) {
        this.files = files;
    }

    /**
     * Every {@code .json} and {@code .json.gz} file under the directory (or the one file), in delivery order: by the
     * delivery time in CloudTrail's file names ({@code ..._20230710T1145Z_...}), across accounts and regions, as a
     * trail delivers them; then by name. Name order alone would read one account after another, and the windows
     * would see the second account's events as far behind the first's — too late to count.
     */
    public static List<Path> localFiles(Path root) {
        if (Files.isRegularFile(root)) {
            return List.of(root);
        }
        try (Stream<Path> walk = Files.walk(root)) {
            return walk.filter(Files::isRegularFile).filter(Replayer::isLogFileName)
                    .sorted(Comparator.comparing((Path p) -> DeliveryStamp.of(p.getFileName().toString()))
                            .thenComparing(Comparator.naturalOrder()))
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + root + ": " + e.getMessage(), e);
        }
    }

    /**
     * Replays local files.
     *
     * @param progress called after each file with the running totals
     */
    public ReplaySummary replayLocal(List<Path> paths, Consumer<ReplaySummary> progress) throws InterruptedException {
        ReplaySummary summary = new ReplaySummary();
        for (Path path : paths) {
            summary.add(ingestLocal(path));
            progress.accept(summary);
        }
        return summary;
    }

    /** Replays the log files under {@code s3://bucket/prefix} delivered in {@code [from, to)}. */
    public ReplaySummary replayS3(S3Client s3, S3FileSource source, String bucket, String prefix, Instant from,
                                  Instant to, Consumer<ReplaySummary> progress) throws InterruptedException {
        ReplaySummary summary = new ReplaySummary();
        Iterator<ObjectRef> objects = new LogFileLister(s3).list(bucket, prefix, from, to).iterator();
        while (objects.hasNext()) {
            summary.add(source.ingest(objects.next()));
            progress.accept(summary);
        }
        return summary;
    }

    private FileOutcome ingestLocal(Path path) throws InterruptedException {
        String source = path.toUri().toString();
        try (InputStream in = Files.newInputStream(path)) {
            return files.ingest(source, in, Files.size(path));
        } catch (IOException e) {
            return new FileOutcome.Retry(source, "local_read", e.getMessage());
        }
    }

    private static boolean isLogFileName(Path p) {
        String name = p.getFileName().toString().toLowerCase(Locale.ROOT);
        return name.endsWith(".json") || name.endsWith(".json.gz");
    }
}
