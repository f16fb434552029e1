package io.denywatch.ingest.pipeline;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.BatchResultErrorEntry;
import software.amazon.awssdk.services.sqs.model.ChangeMessageVisibilityBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.ChangeMessageVisibilityBatchResponse;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Keeps messages in work invisible to other consumers: every third of the visibility timeout, it renews the timeout
 * of each tracked message in batches of ten.
 *
 * <p>Without it a large file, a slow bucket or a Kafka hiccup would let the message reappear mid-work and be read
 * twice. SQS caps the total at 12 hours after the receive; a message is not extended past that.
 */
public final class VisibilityHeartbeat implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(VisibilityHeartbeat.class);
    private static final Duration SQS_MAX_VISIBILITY = Duration.ofHours(12);

    private final SqsClient sqs;
    private final String queueUrl;
    private final Duration visibilityTimeout;
    private final IngestMetrics metrics;
    private final Clock clock;
    private final Map<String, Instant> inWork = new ConcurrentHashMap<>();
    private final ScheduledExecutorService timer;
    /**
     * Held while a beat renews and while a message leaves the heartbeat, so that a renewal already on its way cannot
     * land after the worker's own last word on the message (a delete, a release, a backoff).
     */
    private final Object renewing = new Object();

    public VisibilityHeartbeat(SqsClient sqs, String queueUrl, Duration visibilityTimeout, IngestMetrics metrics,
                               Clock clock) {
        this.sqs = sqs;
        this.queueUrl = queueUrl;
        this.visibilityTimeout = visibilityTimeout;
        this.metrics = metrics;
        this.clock = clock;
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "denywatch-visibility");
            t.setDaemon(true);
            return t;
        });
        long period = Math.max(1000, visibilityTimeout.toMillis() / 3);
        timer.scheduleWithFixedDelay(this::beatSafely, period, period, TimeUnit.MILLISECONDS);
    }

    /** Starts renewing a message received now. */
    public void track(String receiptHandle) {
        inWork.put(receiptHandle, clock.instant());
    }

    /** Stops renewing a message; returns once no renewal of it can still be in flight. */
    public void untrack(String receiptHandle) {
        synchronized (renewing) {
            inWork.remove(receiptHandle);
        }
    }

    /** When a tracked message was received, or null when it is not tracked. */
    public Instant receivedAt(String receiptHandle) {
        return inWork.get(receiptHandle);
    }

    /**
     * Hands every message still tracked back to the queue at once: the last step of a shutdown whose workers could not
     * settle their messages themselves.
     */
    public void releaseAll() {
        synchronized (renewing) {
            List<String> handles = new ArrayList<>(inWork.keySet());
            for (int i = 0; i < handles.size(); i += 10) {
                change(handles.subList(i, Math.min(i + 10, handles.size())), 0);
            }
            inWork.clear();
        }
    }

    /** A scheduled task that throws is never run again: nothing may escape a beat. */
    private void beatSafely() {
        try {
            beat();
        } catch (RuntimeException e) {
            metrics.sqsError("change_visibility");
            LOG.warn("Renewing visibility failed: {}", e.toString());
        }
    }

    /** Renews every tracked message now; runs on the timer, exposed for tests. */
    void beat() {
        synchronized (renewing) {
            List<String> handles = new ArrayList<>();
            Instant now = clock.instant();
            inWork.forEach((handle, receivedAt) -> {
                if (now.plus(visibilityTimeout).isBefore(receivedAt.plus(SQS_MAX_VISIBILITY))) {
                    handles.add(handle);
                }
            });
            for (int i = 0; i < handles.size(); i += 10) {
                int renewed = change(handles.subList(i, Math.min(i + 10, handles.size())),
                        (int) visibilityTimeout.toSeconds());
                metrics.visibilityExtended(renewed);
            }
        }
    }

    /** Sets the visibility of up to ten messages; returns how many SQS accepted. One failed batch skips no other. */
    private int change(List<String> handles, int seconds) {
        List<ChangeMessageVisibilityBatchRequestEntry> entries = new ArrayList<>();
        for (int i = 0; i < handles.size(); i++) {
            entries.add(ChangeMessageVisibilityBatchRequestEntry.builder().id(Integer.toString(i))
                    .receiptHandle(handles.get(i)).visibilityTimeout(seconds).build());
        }
        try {
            ChangeMessageVisibilityBatchResponse response = sqs.changeMessageVisibilityBatch(
                    b -> b.queueUrl(queueUrl).entries(entries));
            for (BatchResultErrorEntry failed : response.failed()) {
                metrics.sqsError("change_visibility");
                LOG.warn("Changing the visibility of a message failed: {} {}", failed.code(), failed.message());
            }
            return response.successful().size();
        } catch (RuntimeException e) {
            // The next beat tries again; a missed beat only risks a duplicate, which is removed downstream.
            metrics.sqsError("change_visibility");
            LOG.warn("Changing visibility failed: {}", e.toString());
            return 0;
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
