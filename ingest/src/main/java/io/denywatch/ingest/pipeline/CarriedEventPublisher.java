package io.denywatch.ingest.pipeline;

import io.denywatch.ingest.notification.Notification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.concurrent.TimeoutException;

/**
 * Publishes an event that arrived inside the queue message itself (a CloudTrail record delivered by EventBridge) and
 * waits for Kafka's acknowledgement: the message may be deleted only once the event is safe, the same rule as for the
 * events of a log file.
 */
final class CarriedEventPublisher {

    private static final Logger LOG = LoggerFactory.getLogger(CarriedEventPublisher.class);

    private final EventPublisher events;
    private final IngestMetrics metrics;
    private final Duration ackTimeout;
    private final Clock clock;

    CarriedEventPublisher(EventPublisher events, IngestMetrics metrics, Duration ackTimeout, Clock clock) {
        this.events = events;
        this.metrics = metrics;
        this.ackTimeout = ackTimeout;
        this.clock = clock;
    }

    /**
     * Sends the event without waiting: the worker sends every event of a received batch before it waits for the first
     * acknowledgement, so a burst of single-event messages reaches Kafka in one linger, not one linger per message.
     */
    Sent send(Notification.EventCarried carried) {
        SendTracker tracker = new SendTracker();
        events.send(carried.event(), carried.origin().getBytes(StandardCharsets.UTF_8), tracker);
        return new Sent(carried, tracker);
    }

    /** Whether Kafka acknowledged the event; when not, the message must stay on the queue for a retry. */
    boolean publish(Notification.EventCarried carried) throws InterruptedException {
        return send(carried).acknowledged();
    }

    /** An event handed to the producer, its acknowledgement still to come. */
    final class Sent {
        private final Notification.EventCarried carried;
        private final SendTracker tracker;

        private Sent(Notification.EventCarried carried, SendTracker tracker) {
            this.carried = carried;
            this.tracker = tracker;
        }

        /** Waits for Kafka's answer: whether the event is safe. */
        boolean acknowledged() throws InterruptedException {
            try {
                tracker.awaitAll(ackTimeout);
            } catch (TimeoutException e) {
                LOG.warn("{} will be retried: {}", carried.origin(), e.getMessage());
                return false;
            }
            if (tracker.failure() != null) {
                LOG.warn("{} will be retried: Kafka refused it: {}", carried.origin(),
                        tracker.failure().getMessage());
                return false;
            }
            metrics.eventBridgeEvent(lag(carried.event().eventTime()));
            return true;
        }
    }

    private Duration lag(String eventTime) {
        if (eventTime == null) {
            return null;
        }
        try {
            return Duration.between(Instant.parse(eventTime), clock.instant());
        } catch (DateTimeParseException e) {
            // An unparseable eventTime says nothing about lag; the analyzer counts such events.
            return null;
        }
    }
}
