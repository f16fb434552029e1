package io.denywatch.ingest.pipeline;

import io.denywatch.ingest.notification.BadNotificationException;
import io.denywatch.ingest.notification.Notification;
import io.denywatch.ingest.notification.NotificationParser;
import io.denywatch.ingest.notification.ObjectRef;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;

/**
 * Decides the fate of one SQS message: delete it once every file it names is final, or once Kafka acknowledged the
 * event it carries (EventBridge); keep it otherwise.
 *
 * <p>A message that cannot be understood goes to the dead-letter topic with its reason and an excerpt, then is
 * deleted: one bad message must not come back forever nor block the queue. A message naming several files is kept
 * when any of them needs a retry; the files already ingested are sent again then, and removed downstream by their
 * {@code eventID}.
 */
public final class MessageHandler {

    private static final Logger LOG = LoggerFactory.getLogger(MessageHandler.class);
    private static final int BODY_EXCERPT = 16 * 1024;

    private final NotificationParser parser;
    private final S3FileSource files;
    private final CarriedEventPublisher carriedEvents;
    private final DeadLetterPublisher deadLetters;
    private final IngestMetrics metrics;
    private final Duration ackTimeout;
    private final Clock clock;
    private final String queueUrl;

    MessageHandler(NotificationParser parser, S3FileSource files, CarriedEventPublisher carriedEvents,
                   DeadLetterPublisher deadLetters, IngestMetrics metrics, Duration ackTimeout, Clock clock,
                   String queueUrl) {
        this.parser = parser;
        this.files = files;
        this.carriedEvents = carriedEvents;
        this.deadLetters = deadLetters;
        this.metrics = metrics;
        this.ackTimeout = ackTimeout;
        this.clock = clock;
        this.queueUrl = queueUrl;
    }

    /** Whether the message may be deleted. */
    public enum Verdict { DELETE, RETRY }

    /** A message's handling once started: decided, or an event sent to Kafka whose answer is still to come. */
    public interface Progress {
        /** Waits for the verdict. */
        Verdict verdict() throws InterruptedException;
    }

    /** Handles one message to the end. */
    public Verdict handle(String messageId, String body) throws InterruptedException {
        return start(messageId, body).verdict();
    }

    /**
     * Starts handling one message: log files are read and acknowledged before this returns; an event the message
     * carries is only sent, so that a worker can send the events of a whole batch before waiting on Kafka.
     */
    public Progress start(String messageId, String body) throws InterruptedException {
        Notification notification;
        try {
            notification = parser.parse(body);
        } catch (BadNotificationException e) {
            Verdict v = deadLetterMessage(messageId, body, e);
            return () -> v;
        }
        if (notification instanceof Notification.NothingToDo nothing) {
            metrics.messageSkipped(nothing.reason().metricName());
            return () -> Verdict.DELETE;
        }
        if (notification instanceof Notification.EventCarried carried) {
            CarriedEventPublisher.Sent sent = carriedEvents.send(carried);
            return () -> sent.acknowledged() ? Verdict.DELETE : Verdict.RETRY;
        }
        Verdict v = files((Notification.ObjectsNamed) notification);
        return () -> v;
    }

    private Verdict files(Notification.ObjectsNamed notification) throws InterruptedException {
        Verdict verdict = Verdict.DELETE;
        for (ObjectRef object : notification.objects()) {
            FileOutcome outcome = files.ingest(object);
            log(outcome);
            if (!outcome.isFinal()) {
                verdict = Verdict.RETRY;
            }
        }
        return verdict;
    }

    private Verdict deadLetterMessage(String messageId, String body, BadNotificationException problem)
            throws InterruptedException {
        String excerpt = body.length() > BODY_EXCERPT ? body.substring(0, BODY_EXCERPT) : body;
        DeadLetter letter = new DeadLetter(DeadLetter.NOTIFICATION, "sqs:" + queueUrl + "#" + messageId,
                problem.reason().metricName(), problem.getMessage(), null,
                (long) body.getBytes(java.nio.charset.StandardCharsets.UTF_8).length, excerpt,
                clock.instant());
        try {
            deadLetters.sendAndWait(letter, ackTimeout);
        } catch (DeliveryException e) {
            return Verdict.RETRY;
        }
        metrics.messageSkipped("bad_notification");
        LOG.warn("Message {} dead-lettered: {}", messageId, problem.getMessage());
        return Verdict.DELETE;
    }

    private static void log(FileOutcome outcome) {
        if (outcome instanceof FileOutcome.Retry r) {
            LOG.warn("{} will be retried ({}): {}", r.source(), r.reason(), r.detail());
        } else if (outcome instanceof FileOutcome.DeadLettered d) {
            LOG.warn("{} dead-lettered ({}): {}", d.source(), d.reason(), d.detail());
        } else if (LOG.isDebugEnabled()) {
            LOG.debug("{}", outcome);
        }
    }
}
