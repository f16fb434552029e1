package io.denywatch.ingest.pipeline;

import io.denywatch.common.cloudtrail.CloudTrailReader;
import io.denywatch.common.cloudtrail.CloudTrailRecord;
import io.denywatch.common.cloudtrail.LogFileException;
import io.denywatch.common.cloudtrail.LogFileProblem;
import io.denywatch.common.cloudtrail.RecordSink;
import io.denywatch.common.cloudtrail.RejectedRecord;
import io.denywatch.common.cloudtrail.SourceReadException;
import io.denywatch.common.cloudtrail.SplitSummary;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.concurrent.TimeoutException;

/**
 * Ingests one stored log file: reads it as a stream, sends every event to Kafka, and returns only once Kafka has
 * acknowledged each one — or says why not, and whether that is final.
 *
 * <p>The rule that keeps nothing lost: a file counts as done ({@link FileOutcome#isFinal()}) only when its every
 * event, or the dead letter explaining why it has none, is acknowledged by Kafka.
 */
public final class FileIngestor {

    private final CloudTrailReader reader;
    private final EventPublisher events;
    private final DeadLetterPublisher deadLetters;
    private final IngestMetrics metrics;
    private final Duration ackTimeout;
    private final Clock clock;
    private final int maxBadRecords;

    FileIngestor(CloudTrailReader reader, EventPublisher events, DeadLetterPublisher deadLetters, IngestMetrics metrics,
                 Duration ackTimeout, Clock clock, int maxBadRecords) {
        this.maxBadRecords = maxBadRecords;
        this.reader = reader;
        this.events = events;
        this.deadLetters = deadLetters;
        this.metrics = metrics;
        this.ackTimeout = ackTimeout;
        this.clock = clock;
    }

    /**
     * @param source       where the bytes come from, as {@code s3://bucket/key} or {@code file:/path}
     * @param stored       the stored bytes; the caller closes it
     * @param storedLength the stored size, or -1 when unknown
     */
    public FileOutcome ingest(String source, InputStream stored, long storedLength) throws InterruptedException {
        if (storedLength == 0) {
            metrics.fileSkipped("empty");
            return new FileOutcome.Skipped(source, "empty");
        }
        long started = System.nanoTime();
        metrics.fileStarted();
        try {
            return read(source, stored, started);
        } finally {
            metrics.fileFinished();
        }
    }

    private FileOutcome read(String source, InputStream stored, long started) throws InterruptedException {
        SendTracker tracker = new SendTracker();
        CountingStream counted = new CountingStream(stored);
        Sink sink = new Sink(source, tracker);
        try {
            SplitSummary summary = reader.read(counted, sink);
            tracker.awaitAll(ackTimeout);
            if (tracker.failure() != null) {
                return retry(source, "kafka", tracker.failure().getMessage());
            }
            metrics.eventsProduced(summary.records());
            metrics.bytesRead(counted.count, summary.decompressedBytes());
            metrics.fileOk(Duration.ofNanos(System.nanoTime() - started));
            recordLag(sink.newestEventTime);
            return new FileOutcome.Ingested(source, summary.records(), summary.rejected(), counted.count,
                    summary.decompressedBytes());
        } catch (LogFileException e) {
            return deadLetterFile(source, e, tracker, sink.accepted);
        } catch (SourceReadException e) {
            return retry(source, "storage_read", e.getMessage());
        } catch (KafkaUnavailable e) {
            return retry(source, "kafka", e.getMessage());
        } catch (TimeoutException e) {
            return retry(source, "kafka_timeout", e.getMessage());
        } catch (InterruptedException e) {
            throw e;
        } catch (Exception e) {
            return retry(source, "unexpected", e.toString());
        }
    }

    /** A file that is damaged for good: its reason goes to the dead-letter topic, then the file is final. */
    private FileOutcome deadLetterFile(String source, LogFileException problem, SendTracker tracker, long sentBefore)
            throws InterruptedException {
        try {
            // The events before the damage were sent; they must be acknowledged too before the file may be final.
            tracker.awaitAll(ackTimeout);
            if (tracker.failure() != null) {
                return retry(source, "kafka", tracker.failure().getMessage());
            }
            metrics.eventsProduced(sentBefore);
            String reason = problem.problem().code();
            deadLetters.sendAndWait(new DeadLetter(DeadLetter.FILE, source, reason, problem.getMessage(), null, null,
                    null, clock.instant()), ackTimeout);
            metrics.fileFailed(reason, true);
            return new FileOutcome.DeadLettered(source, reason, problem.getMessage());
        } catch (TimeoutException | DeliveryException e) {
            return retry(source, "kafka", e.getMessage());
        }
    }

    private FileOutcome retry(String source, String reason, String detail) {
        metrics.fileFailed(reason, false);
        return new FileOutcome.Retry(source, reason, detail);
    }

    private void recordLag(String newestEventTime) {
        if (newestEventTime == null) {
            return;
        }
        try {
            metrics.eventLag(Duration.between(Instant.parse(newestEventTime), clock.instant()));
        } catch (DateTimeParseException e) {
            // An unparseable eventTime says nothing about lag; the analyzer counts such events.
        }
    }

    /** Passes records to Kafka as they stream past, stopping the file early once Kafka has refused one. */
    private final class Sink implements RecordSink {
        private final String source;
        private final byte[] sourceBytes;
        private final SendTracker tracker;
        private long accepted;
        private int rejectedCount;
        private String newestEventTime;

        Sink(String source, SendTracker tracker) {
            this.source = source;
            this.sourceBytes = source.getBytes(StandardCharsets.UTF_8);
            this.tracker = tracker;
        }

        @Override
        public void accept(CloudTrailRecord record) throws KafkaUnavailable {
            failFast();
            events.send(record, sourceBytes, tracker);
            accepted++;
            String time = record.eventTime();
            // ISO-8601 UTC times of one format order as strings; parsing one per file is enough for the lag.
            if (time != null && (newestEventTime == null || time.compareTo(newestEventTime) > 0)) {
                newestEventTime = time;
            }
        }

        @Override
        public void reject(RejectedRecord rejected) throws KafkaUnavailable, LogFileException {
            failFast();
            if (++rejectedCount > maxBadRecords) {
                // A file of nothing but bad elements would otherwise turn into as many dead letters as it has bytes.
                throw new LogFileException(LogFileProblem.TOO_MANY_BAD_RECORDS,
                        "more than " + maxBadRecords + " records rejected one by one");
            }
            deadLetters.send(new DeadLetter(DeadLetter.RECORD, source, rejected.problem().code(),
                    "record " + rejected.index() + " of " + source + ": " + rejected.problem().code(),
                    rejected.index(), rejected.size(), rejected.excerpt(), clock.instant()), tracker);
        }

        private void failFast() throws KafkaUnavailable {
            Exception failure = tracker.failure();
            if (failure != null) {
                throw new KafkaUnavailable(failure);
            }
        }
    }

    /** Kafka refused a send while the file was still streaming. */
    private static final class KafkaUnavailable extends Exception {
        KafkaUnavailable(Exception cause) {
            super("Kafka refused an event: " + cause.getMessage(), cause);
        }
    }

    /** Counts the stored bytes read, for the bytes-read meter. */
    private static final class CountingStream extends FilterInputStream {
        long count;

        CountingStream(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            int b = in.read();
            if (b >= 0) {
                count++;
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = in.read(b, off, len);
            if (n > 0) {
                count += n;
            }
            return n;
        }
    }
}
