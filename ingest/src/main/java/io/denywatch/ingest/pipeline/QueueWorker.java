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
import java.util.List;
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

    private final QueueSettings settings;
    private final SqsClient pollClient;
    private final SqsClient sqs;
    private final MessageHandler handler;
    private final VisibilityHeartbeat heartbeat;
    private final IngestMetrics metrics;
    private final Clock clock;
    private final CountDownLatch stopping;
    private volatile Instant lastPoll;

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

    /** When the last receive call answered; readiness fails when this grows old. */
    Instant lastPoll() {
        return lastPoll;
    }

    @Override
    public void run() {
        Duration errorBackoff = Duration.ofSeconds(1);
        while (!isStopping()) {
            List<Message> batch;
            try {
                batch = receive();
                lastPoll = clock.instant();
                errorBackoff = Duration.ofSeconds(1);
            } catch (SdkException e) {
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

    private void work(List<Message> batch) {
        batch.forEach(m -> {
            metrics.messageReceived();
            heartbeat.track(m.receiptHandle());
        });
        int i = 0;
        try {
            for (; i < batch.size(); i++) {
                if (isStopping()) {
                    break;
                }
                Message message = batch.get(i);
                MessageHandler.Verdict verdict = handler.handle(message.messageId(), message.body());
                if (abandoned()) {
                    // Shutdown cut this message's work short: whatever the verdict says, it is not final.
                    break;
                }
                settle(message, verdict);
            }
        } catch (InterruptedException e) {
            abandoned();
        } catch (RuntimeException e) {
            LOG.error("Unexpected failure on message {}; it stays on the queue", batch.get(i).messageId(), e);
            heartbeat.untrack(batch.get(i).receiptHandle());
            changeVisibility(batch.get(i), settings.retryBackoff());
            i++;
        }
        for (; i < batch.size(); i++) {
            release(batch.get(i));
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
        heartbeat.untrack(message.receiptHandle());
        if (verdict == MessageHandler.Verdict.DELETE) {
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
            changeVisibility(message, backoff(message));
        }
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
