package io.denywatch.ingest.pipeline;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * One receive loop: long-polls the queue, works each message, then deletes it or hands it back with a backoff.
 *
 * <p>A message is deleted only when the handler says every file it names is final. On a transient failure the
 * message's visibility is set to a backoff that doubles with each receive, so a file that keeps failing does not spin;
 * the queue's redrive policy moves it to the queue's own dead-letter queue after {@code maxReceiveCount}.
 */
final class QueueWorker implements Runnable {

    private static final Logger LOG = LoggerFactory.getLogger(QueueWorker.class);
    private static final Duration MAX_BACKOFF = Duration.ofHours(11);
    private static final Duration SQS_MAX_VISIBILITY = Duration.ofHours(12);

    private final QueueSettings settings;
    private final SqsClient pollClient;
    private final SqsClient sqs;
    private final MessageHandler handler;
    private final VisibilityHeartbeat heartbeat;
    private final IngestMetrics metrics;
    private final Clock clock;
    private final CountDownLatch stopping;
    private volatile Instant lastPoll;
    private volatile boolean working;
    private volatile boolean died;

    QueueWorker(QueueSettings settings, SqsClient pollClient, SqsClient sqs, MessageHandler handler,
                VisibilityHeartbeat heartbeat, IngestMetrics metrics, Clock clock, CountDownLatch stopping) {
        this.settings = settings;
        this.pollClient = pollClient;
        this.sqs = sqs;
        this.handler = handler;
        this.heartbeat = heartbeat;
        this.metrics = metrics;
        this.clock = clock;
        this.stopping = stopping;
        this.lastPoll = clock.instant();
    }

    /**
     * Whether this loop is healthy: it polled recently or is working on a message (a large file can take longer than
     * any poll interval), and no error has ended it.
     */
    boolean isHealthy(Duration stale) {
        return !died && (working || lastPoll.isAfter(clock.instant().minus(stale)));
    }

    @Override
    public void run() {
        try {
            loop();
        } catch (Error e) {
            died = true;
            LOG.error("An ingest worker stopped on an error; readiness now fails", e);
            throw e;
        }
    }

    private void loop() {
        Duration errorBackoff = Duration.ofSeconds(1);
        while (!isStopping()) {
            List<Message> batch;
            try {
                batch = receive();
                lastPoll = clock.instant();
                errorBackoff = Duration.ofSeconds(1);
            } catch (SdkException | IllegalStateException e) {
                // IllegalStateException: the HTTP client's pool was shut down, which is how shutdown ends a long poll.
                if (isStopping()) {
                    break;
                }
                metrics.sqsError("receive");
                LOG.warn("Receiving from SQS failed, retrying in {}: {}", errorBackoff, e.toString());
                if (awaitStop(errorBackoff)) {
                    break;
                }
                errorBackoff = errorBackoff.multipliedBy(2).compareTo(Duration.ofMinutes(1)) > 0
                        ? Duration.ofMinutes(1) : errorBackoff.multipliedBy(2);
                continue;
            }
            work(batch);
        }
    }

    private List<Message> receive() {
        return pollClient.receiveMessage(b -> b.queueUrl(settings.queueUrl())
                .maxNumberOfMessages(settings.maxMessages())
                .waitTimeSeconds((int) settings.waitTime().toSeconds())
                .visibilityTimeout((int) settings.visibilityTimeout().toSeconds())
                .messageSystemAttributeNames(MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT)).messages();
    }

    /**
     * Works a received batch: each message is started in turn (a log file is read to the end then), and the events
     * messages carry are sent at once; then each carried event's acknowledgement is awaited and its message settled.
     * A burst of EventBridge events, one per message, so reaches Kafka together instead of one acknowledgement after
     * another.
     */
    private void work(List<Message> batch) {
        batch.forEach(m -> {
            metrics.messageReceived();
            heartbeat.track(m.receiptHandle());
        });
        List<Message> unsettled = new ArrayList<>(batch);
        List<Map.Entry<Message, MessageHandler.Progress>> started = new ArrayList<>(batch.size());
        Message current = null;
        try {
            for (Message message : batch) {
                if (isStopping()) {
                    break;
                }
                current = message;
                working = true;
                started.add(Map.entry(message, handler.start(message.messageId(), message.body())));
                if (abandoned()) {
                    // Shutdown cut this message's work short: whatever the verdict says, it is not final.
                    current = null;
                    return;
                }
            }
            for (Map.Entry<Message, MessageHandler.Progress> progress : started) {
                current = progress.getKey();
                MessageHandler.Verdict verdict = progress.getValue().verdict();
                if (abandoned()) {
                    current = null;
                    return;
                }
                settle(current, verdict);
                unsettled.remove(current);
            }
            current = null;
        } catch (InterruptedException e) {
            abandoned();
        } catch (RuntimeException | Error e) {
            // One message must not take a worker down with it: it goes back with a backoff, and the queue's redrive
            // policy removes it if it always fails. (Out of memory should end the JVM: -XX:+ExitOnOutOfMemoryError.)
            if (current != null) {
                LOG.error("Unexpected failure on message {}; it stays on the queue", current.messageId(), e);
                metrics.messageRetried();
                retryLater(current, settings.retryBackoff());
                unsettled.remove(current);
            }
        } finally {
            // Whatever happened, including an Error that ends this thread, no message of the batch is left to be
            // renewed by the heartbeat with nobody working on it.
            working = false;
            unsettled.forEach(this::release);
        }
    }

    /**
     * Whether shutdown interrupted this worker; clears the flag, since the SDK refuses calls on an interrupted thread
     * and the release that follows must get through.
     */
    private static boolean abandoned() {
        return Thread.interrupted();
    }

    private void settle(Message message, MessageHandler.Verdict verdict) {
        if (verdict == MessageHandler.Verdict.DELETE) {
            heartbeat.untrack(message.receiptHandle());
            try {
                sqs.deleteMessage(b -> b.queueUrl(settings.queueUrl()).receiptHandle(message.receiptHandle()));
                metrics.messageDeleted();
            } catch (SdkException e) {
                // The message will come back; its files are read again and the duplicates removed downstream.
                metrics.sqsError("delete");
                LOG.warn("Deleting message {} failed: {}", message.messageId(), e.toString());
            }
        } else {
            metrics.messageRetried();
            retryLater(message, backoff(message));
        }
    }

    /**
     * Hands a message back with a delay. SQS refuses a visibility beyond 12 hours after the receive, so the delay is
     * capped by what is left of those.
     */
    private void retryLater(Message message, Duration delay) {
        Instant receivedAt = heartbeat.receivedAt(message.receiptHandle());
        heartbeat.untrack(message.receiptHandle());
        Duration left = receivedAt == null ? MAX_BACKOFF
                : SQS_MAX_VISIBILITY.minus(Duration.between(receivedAt, clock.instant())).minusMinutes(1);
        Duration capped = delay.compareTo(left) > 0 ? left : delay;
        changeVisibility(message, capped.isNegative() ? Duration.ZERO : capped);
    }

    /** Returns a message to the queue at once (shutdown). */
    private void release(Message message) {
        heartbeat.untrack(message.receiptHandle());
        changeVisibility(message, Duration.ZERO);
    }

    private void changeVisibility(Message message, Duration visibility) {
        try {
            sqs.changeMessageVisibility(b -> b.queueUrl(settings.queueUrl()).receiptHandle(message.receiptHandle())
                    .visibilityTimeout((int) visibility.toSeconds()));
        } catch (SdkException e) {
            // Its visibility timeout lapses by itself; only the retry comes later than asked.
            metrics.sqsError("change_visibility");
        }
    }

    private Duration backoff(Message message) {
        int receives = 1;
        String count = message.attributes().get(MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT);
        if (count != null) {
            try {
                receives = Math.max(1, Integer.parseInt(count));
            } catch (NumberFormatException e) {
                receives = 1;
            }
        }
        Duration backoff = settings.retryBackoff().multipliedBy(1L << Math.min(receives - 1, 12));
        return backoff.compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff;
    }

    private boolean isStopping() {
        return stopping.getCount() == 0;
    }

    private boolean awaitStop(Duration d) {
        try {
            return stopping.await(d.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return true;
        }
    }
}
