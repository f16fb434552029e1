package io.denywatch.ingest.pipeline;

import io.denywatch.ingest.logfile.KeyVerdict;
import io.denywatch.ingest.logfile.LogFileKeys;
import io.denywatch.ingest.notification.ObjectRef;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;

/**
 * Ingests one S3 object named by a notification: skips what is not an event log file by its key alone, then streams
 * the object through the {@link FileIngestor}.
 */
public final class S3FileSource {

    private final S3Client s3;
    private final FileIngestor files;
    private final DeadLetterPublisher deadLetters;
    private final IngestMetrics metrics;
    private final Duration ackTimeout;
    private final Clock clock;

    S3FileSource(S3Client s3, FileIngestor files, DeadLetterPublisher deadLetters, IngestMetrics metrics,
                 Duration ackTimeout, Clock clock) {
        this.s3 = s3;
        this.files = files;
        this.deadLetters = deadLetters;
        this.metrics = metrics;
        this.ackTimeout = ackTimeout;
        this.clock = clock;
    }

    public FileOutcome ingest(ObjectRef object) throws InterruptedException {
        String source = object.toString();
        if (LogFileKeys.classify(object.key()) instanceof KeyVerdict.Skipped skipped) {
            metrics.fileSkipped(skipped.metricName());
            return new FileOutcome.Skipped(source, skipped.metricName());
        }
        ResponseInputStream<GetObjectResponse> stream;
        try {
            stream = s3.getObject(b -> b.bucket(object.bucket()).key(object.key()));
        } catch (NoSuchKeyException e) {
            return objectMissing(source);
        } catch (S3Exception e) {
            // 403 is retried through the queue rather than dead-lettered: it is usually a policy (or kms:Decrypt)
            // being fixed, and the queue's redrive policy catches what never recovers.
            String reason = e.statusCode() == 403 ? "access_denied" : "storage_" + e.statusCode();
            return retry(source, reason, e.getMessage());
        } catch (SdkException e) {
            return retry(source, "storage_unreachable", e.getMessage());
        }
        boolean complete = false;
        try {
            Long length = stream.response().contentLength();
            FileOutcome outcome = files.ingest(source, stream, length == null ? -1 : length);
            // Only an ingested file was read to its end; anything else is abandoned midway and must be aborted, since
            // closing would download the rest of the object just to reuse the connection.
            complete = outcome instanceof FileOutcome.Ingested || outcome instanceof FileOutcome.Skipped;
            return outcome;
        } finally {
            close(stream, complete);
        }
    }

    private FileOutcome objectMissing(String source) throws InterruptedException {
        try {
            deadLetters.sendAndWait(new DeadLetter(DeadLetter.FILE, source, "object_missing",
                    "the notification names an object that does not exist (deleted, or a wrong key)", null, null,
                    null, clock.instant()), ackTimeout);
        } catch (DeliveryException e) {
            return retry(source, "kafka", e.getMessage());
        }
        metrics.fileFailed("object_missing", true);
        return new FileOutcome.DeadLettered(source, "object_missing", "no such key");
    }

    private FileOutcome retry(String source, String reason, String detail) {
        metrics.fileFailed(reason, false);
        return new FileOutcome.Retry(source, reason, detail);
    }

    /** A stream read to its end is closed for reuse; one abandoned midway is aborted, not drained. */
    private static void close(ResponseInputStream<GetObjectResponse> stream, boolean complete) {
        if (!complete) {
            stream.abort();
        }
        try {
            stream.close();
        } catch (IOException | RuntimeException e) {
            // Nothing left to read from it; the connection is discarded either way.
        }
    }
}
