package io.denywatch.analyzer.streams;

import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.ProcessingContext;

import java.time.Duration;

/**
 * When a denial should not wait for the commit interval.
 *
 * <p>Under exactly-once, a denial becomes visible downstream only when the transaction that wrote it commits: once
 * for its counts to reach the repartition topic, and once more for the window update — and any incident message it
 * causes — to leave the state store cache. With the commit interval alone, that is two intervals between a denial
 * reaching the raw topic and an alert. So a denial read while the analyzer keeps up with its input asks for a commit
 * at once, and marks its repartitioned counts so that the second stage asks too; the incident is then committed in
 * two short transactions, tens of milliseconds, not two intervals.
 *
 * <p>While the analyzer is busy — catching up on a backlog, or under a load where commits would cost throughput — the
 * commit interval alone applies: then a commit per denial would be a commit per few records, and the batch of a
 * second's denials commits together as before. "Busy" is judged on the raw records one task reads: more than
 * {@code maxPerSecond} in the current or the previous second. A whole second, because one stream thread works its
 * tasks in turns: while catching up, a task reads a few hundred records, then waits while the others read theirs, and
 * over a tenth of a second it can look idle.
 *
 * <p>The commit is asked for by a wall-clock punctuation every {@link #COALESCE} rather than by the record itself: a
 * burst arrives a few records per poll, and a commit per record would spend the burst committing (tens of
 * milliseconds each) instead of reading it.
 *
 * <p>One instance per task (it is not thread-safe), fed every raw record of the task.
 */
final class EarlyCommit {

    /** Marks a repartitioned count of a denial that asked for an early commit; read and dropped by the next stage. */
    static final String HEADER = "denywatch.commit-early";

    /**
     * How long the early commits of one task are gathered into one: at most 20 early commits a second while denials
     * keep coming, against the 10 of Kafka Streams' own default interval under exactly-once, each a transaction
     * round trip (a few milliseconds here, more on a real network).
     */
    static final Duration COALESCE = Duration.ofMillis(50);

    private static final long BUCKET_MS = 1000;

    private final long maxPerBucket;
    private long bucketStart = Long.MIN_VALUE;
    private long inBucket;
    private long previousBucket;

    /** @param maxPerSecond raw records per second of one task above which denials wait for the commit interval; 0: never commit early */
    EarlyCommit(int maxPerSecond) {
        this.maxPerBucket = maxPerSecond * BUCKET_MS / 1000;
    }

    /** Counts one raw record read at wall-clock time {@code nowMs}. */
    void onRecord(long nowMs) {
        if (bucketStart == Long.MIN_VALUE) {
            bucketStart = nowMs;
        } else if (nowMs - bucketStart >= BUCKET_MS) {
            // The bucket just ended counts as the previous one only if it ended right before this one began.
            previousBucket = nowMs - bucketStart < 2 * BUCKET_MS ? inBucket : 0;
            bucketStart = nowMs;
            inBucket = 0;
        }
        inBucket++;
    }

    /** Whether the task reads few enough records that a denial may ask for a commit of its own. */
    boolean keepingUp() {
        return maxPerBucket > 0 && inBucket <= maxPerBucket && previousBucket <= maxPerBucket;
    }

    /** Asks the task for the commits {@link #commitSoon() requested}, at most one per {@link #COALESCE}. */
    static Pending schedule(ProcessingContext context) {
        Pending pending = new Pending();
        context.schedule(COALESCE, PunctuationType.WALL_CLOCK_TIME, now -> {
            if (pending.requested) {
                pending.requested = false;
                context.commit();
            }
        });
        return pending;
    }

    /** A commit one task wants soon. */
    static final class Pending {
        private boolean requested;

        /** Asks for a commit within {@link #COALESCE}. */
        void commitSoon() {
            requested = true;
        }
    }
}
