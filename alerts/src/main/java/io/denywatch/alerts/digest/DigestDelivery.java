package io.denywatch.alerts.digest;

import io.denywatch.alerts.deliver.AlertDeadLetter;
import io.denywatch.alerts.deliver.AlertMetrics;
import io.denywatch.alerts.deliver.RetryPolicy;
import io.denywatch.alerts.deliver.RoutedSink;
import io.denywatch.alerts.deliver.Waiter;
import io.denywatch.alerts.sink.DigestSink;
import io.denywatch.alerts.sink.FailureReason;
import io.denywatch.alerts.sink.Outcome;
import io.denywatch.contract.digest.Digest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Delivers one digest to every sink that takes digests and is not done with it, the way incidents are delivered: at
 * the sink's pace, failures retried with the same backoff until the give-up time, a refusal or a give-up written to the
 * alerts dead-letter topic. Each sink's outcome is recorded in the {@link DigestLedger} as soon as it is known, before
 * the next sink is tried, so a restart in the middle sends only to the sinks still waiting.
 */
public final class DigestDelivery {

    private static final Logger LOG = LoggerFactory.getLogger(DigestDelivery.class);

    private final List<RoutedSink> sinks;
    private final DigestLedger ledger;
    private final RetryPolicy retry;
    private final AlertDeadLetter.Writer deadLetters;
    private final AlertMetrics metrics;
    private final Clock clock;

    /** @param sinks every configured sink; those that take no digest (PagerDuty) are skipped */
    public DigestDelivery(List<RoutedSink> sinks, DigestLedger ledger, RetryPolicy retry,
                          AlertDeadLetter.Writer deadLetters, AlertMetrics metrics, Clock clock) {
        this.sinks = sinks.stream().filter(s -> s.sink() instanceof DigestSink).toList();
        this.ledger = ledger;
        this.retry = retry;
        this.deadLetters = deadLetters;
        this.metrics = metrics;
        this.clock = clock;
    }

    /** True when some configured sink takes digests. */
    public boolean hasSinks() {
        return !sinks.isEmpty();
    }

    /** True when every digest sink is done with {@code digestId}. */
    public boolean done(String digestId) {
        return sinks.stream().allMatch(s -> ledger.done(digestId, s.name()));
    }

    /**
     * Sends {@code digest} to each sink still waiting for it.
     *
     * @throws InterruptedException when stopping; what was recorded stays recorded
     */
    public void deliver(Digest digest, Waiter waiter) throws InterruptedException {
        for (RoutedSink sink : sinks) {
            if (!ledger.done(digest.digestId(), sink.name())) {
                String outcome = attempt(sink, (DigestSink) sink.sink(), digest, waiter);
                ledger.record(new DigestLedger.Entry(digest.digestId(), sink.name(), outcome, clock.instant()));
            }
        }
    }

    private String attempt(RoutedSink routed, DigestSink sink, Digest digest, Waiter waiter)
            throws InterruptedException {
        Instant started = clock.instant();
        int attempt = 0;
        while (true) {
            waiter.await(routed.pacer().reserve());
            attempt++;
            Outcome outcome = sink.sendDigest(digest);
            if (outcome instanceof Outcome.Accepted || outcome instanceof Outcome.NotNeeded) {
                metrics.digestSent(sink.name());
                LOG.info("Digest {} sent to {}", digest.digestId(), sink.name());
                return "sent";
            }
            if (outcome instanceof Outcome.Rejected rejected) {
                metrics.digestFailed(sink.name(), rejected.reason());
                return deadLetter(sink, digest, rejected.reason(), rejected.detail(), attempt);
            }
            Outcome.Retry again = (Outcome.Retry) outcome;
            metrics.digestFailed(sink.name(), again.reason());
            Duration wait = retry.backoff(attempt, again.retryAfter());
            if (Duration.between(started, clock.instant()).plus(wait).compareTo(retry.giveUpAfter()) > 0) {
                return deadLetter(sink, digest, FailureReason.RETRIES_EXHAUSTED,
                        again.reason().label() + ": " + again.detail(), attempt);
            }
            metrics.retried(sink.name());
            LOG.warn("Digest {} to {} failed ({}: {}), attempt {}; retrying in {} ms", digest.digestId(),
                    sink.name(), again.reason().label(), again.detail(), attempt, wait.toMillis());
            waiter.await(wait);
        }
    }

    private String deadLetter(DigestSink sink, Digest digest, FailureReason reason, String detail, int attempts) {
        deadLetters.write(new AlertDeadLetter(sink.name(), reason.label(), digest.digestId() + ": " + detail,
                attempts, clock.instant(), null));
        metrics.deadLettered(sink.name(), reason.label());
        LOG.error("Digest {} to {} dead-lettered after {} attempt(s): {}: {}", digest.digestId(), sink.name(),
                attempts, reason.label(), detail);
        return "dead-lettered";
    }
}
