package io.denywatch.ingest.pipeline;

import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.RecordMetadata;

import java.time.Duration;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Counts the Kafka sends made for one unit of work (one log file) and waits until Kafka has answered each.
 *
 * <p>The producer is shared by all workers, so {@code flush()} would wait for everyone's records; this waits only for
 * this file's. The first send failure is kept so the file can stop early and be retried.
 */
final class SendTracker implements Callback {

    private final AtomicLong pending = new AtomicLong();
    private final AtomicLong acknowledged = new AtomicLong();
    private final AtomicReference<Exception> failure = new AtomicReference<>();
    private final Object lock = new Object();

    /** Call before each send. */
    void sending() {
        pending.incrementAndGet();
    }

    @Override
    public void onCompletion(RecordMetadata metadata, Exception exception) {
        if (exception != null) {
            failure.compareAndSet(null, exception);
        } else {
            acknowledged.incrementAndGet();
        }
        if (pending.decrementAndGet() == 0) {
            synchronized (lock) {
                lock.notifyAll();
            }
        }
    }

    /** The first failure Kafka reported, or null. */
    Exception failure() {
        return failure.get();
    }

    long acknowledged() {
        return acknowledged.get();
    }

    /**
     * Waits until every send has been answered.
     *
     * @throws TimeoutException when Kafka has not answered them all in time
     */
    void awaitAll(Duration timeout) throws InterruptedException, TimeoutException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (lock) {
            while (pending.get() > 0) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new TimeoutException(pending.get() + " records not acknowledged after " + timeout);
                }
                lock.wait(Math.max(1, left / 1_000_000));
            }
        }
    }
}
