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
        timer.scheduleWithFixedDelay(this::beat, period, period, TimeUnit.MILLISECONDS);
    }

    /** Starts renewing a message received now. */
    public void track(String receiptHandle) {
        inWork.put(receiptHandle, clock.instant());
    }

    /** Stops renewing a message (it was deleted or released). */
    public void untrack(String receiptHandle) {
        inWork.remove(receiptHandle);
    }

    /** Renews every tracked message now; runs on the timer, exposed for tests. */
    void beat() {
        try {
            List<String> handles = new ArrayList<>();
            Instant now = clock.instant();
            inWork.forEach((handle, receivedAt) -> {
                if (now.plus(visibilityTimeout).isBefore(receivedAt.plus(SQS_MAX_VISIBILITY))) {
                    handles.add(handle);
                }
            });
            for (int i = 0; i < handles.size(); i += 10) {
                extend(handles.subList(i, Math.min(i + 10, handles.size())));
            }
        } catch (RuntimeException e) {
            // The next beat tries again; a missed beat only risks a duplicate, which is removed downstream.
            metrics.sqsError("change_visibility");
            LOG.warn("Renewing visibility failed: {}", e.toString());
        }
    }

    private void extend(List<String> handles) {
        List<ChangeMessageVisibilityBatchRequestEntry> entries = new ArrayList<>();
        for (int i = 0; i < handles.size(); i++) {
            entries.add(ChangeMessageVisibilityBatchRequestEntry.builder().id(Integer.toString(i))
                    .receiptHandle(handles.get(i)).visibilityTimeout((int) visibilityTimeout.toSeconds()).build());
        }
        ChangeMessageVisibilityBatchResponse response = sqs.changeMessageVisibilityBatch(
                b -> b.queueUrl(queueUrl).entries(entries));
        metrics.visibilityExtended(response.successful().size());
        for (BatchResultErrorEntry failed : response.failed()) {
            metrics.sqsError("change_visibility");
            LOG.warn("Renewing visibility of a message failed: {} {}", failed.code(), failed.message());
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
