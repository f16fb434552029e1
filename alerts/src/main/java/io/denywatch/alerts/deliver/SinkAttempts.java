package io.denywatch.alerts.deliver;

import io.denywatch.alerts.sink.Delivery;
import io.denywatch.alerts.sink.FailureReason;
import io.denywatch.alerts.sink.Outcome;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * Tries one delivery on one sink until it is accepted, not needed, refused, or retried past the give-up time, pacing
 * every attempt; what is never accepted goes to the dead-letter topic with the reason. The same for an incident
 * message and for a follow-up, so every sink gets the same retries either way.
 */
final class SinkAttempts {

    private static final Logger LOG = LoggerFactory.getLogger(SinkAttempts.class);

    private final RetryPolicy retry;
    private final AlertDeadLetter.Writer deadLetters;
    private final AlertMetrics metrics;
    private final Clock clock;

    SinkAttempts(RetryPolicy retry, AlertDeadLetter.Writer deadLetters, AlertMetrics metrics, Clock clock) {
        this.retry = retry;
        this.deadLetters = deadLetters;
        this.metrics = metrics;
        this.clock = clock;
    }

    /**
     * @param publishedAt when the analyzer published the message, for the delivery-time metric; null for none
     * @return {@link Outcome.Accepted}, {@link Outcome.NotNeeded}, or {@link Outcome.Rejected} once dead-lettered
     */
    Outcome deliver(RoutedSink sink, Delivery delivery, Instant publishedAt, Waiter waiter)
            throws InterruptedException {
        boolean followUp = delivery.kind() == Delivery.Kind.FOLLOW_UP;
        Instant started = clock.instant();
        int attempt = 0;
        while (true) {
            waiter.await(sink.pacer().reserve());
            attempt++;
            Outcome outcome = sink.sink().send(delivery);
            if (outcome instanceof Outcome.Accepted) {
                if (followUp) {
                    metrics.followUpSent(sink.name());
                } else {
                    metrics.sent(sink.name(),
                            publishedAt == null ? null : Duration.between(publishedAt, clock.instant()));
                }
                LOG.info("Incident {} {} sent to {}", delivery.spike().incidentId(), delivery.kind(), sink.name());
                return outcome;
            }
            if (outcome instanceof Outcome.NotNeeded) {
                return outcome;
            }
            if (outcome instanceof Outcome.Rejected rejected) {
                metrics.failed(sink.name(), rejected.reason());
                return deadLetter(sink, delivery, rejected.reason(), rejected.detail(), attempt);
            }
            Outcome.Retry again = (Outcome.Retry) outcome;
            metrics.failed(sink.name(), again.reason());
            Duration wait = retry.backoff(attempt, again.retryAfter());
            Duration spent = Duration.between(started, clock.instant());
            if (spent.plus(wait).compareTo(retry.giveUpAfter()) > 0) {
                return deadLetter(sink, delivery, FailureReason.RETRIES_EXHAUSTED,
                        again.reason().label() + ": " + again.detail(), attempt);
            }
            metrics.retried(sink.name());
            LOG.warn("Incident {} {} to {} failed ({}: {}), attempt {}; retrying in {} ms",
                    delivery.spike().incidentId(), delivery.kind(), sink.name(), again.reason().label(),
                    again.detail(), attempt, wait.toMillis());
            waiter.await(wait);
        }
    }

    private Outcome deadLetter(RoutedSink sink, Delivery delivery, FailureReason reason, String detail, int attempts) {
        deadLetters.write(new AlertDeadLetter(sink.name(), reason.label(), detail, attempts, clock.instant(),
                delivery.spike()));
        metrics.deadLettered(sink.name(), reason.label());
        if (delivery.kind() == Delivery.Kind.FOLLOW_UP) {
            metrics.followUpFailed(sink.name(), reason.label());
        }
        LOG.error("Incident {} {} to {} dead-lettered after {} attempt(s): {}: {}", delivery.spike().incidentId(),
                delivery.kind(), sink.name(), attempts, reason.label(), detail);
        return new Outcome.Rejected(reason, detail);
    }
}
